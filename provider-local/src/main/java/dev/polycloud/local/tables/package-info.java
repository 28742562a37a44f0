/**
 * In-memory tables: the table driver, the table itself and its query cursor.
 */
package dev.polycloud.local.tables;

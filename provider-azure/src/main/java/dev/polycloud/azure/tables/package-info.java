/**
 * Tables on Azure Table Storage: the table driver and the codecs for keys, entities and values.
 */
package dev.polycloud.azure.tables;

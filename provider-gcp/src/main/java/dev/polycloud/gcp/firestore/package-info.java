/**
 * Tables on Firestore: the table driver, the encoding of keys to document ids and of portable values
 * to Firestore values and back.
 */
package dev.polycloud.gcp.firestore;

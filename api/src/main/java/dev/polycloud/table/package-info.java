/** Portable NoSQL tables with typed values, versions, queries and batches. */
package dev.polycloud.table;

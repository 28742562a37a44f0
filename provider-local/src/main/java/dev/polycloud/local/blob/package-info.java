/**
 * Buckets in memory or on a local directory: the blob driver.
 */
package dev.polycloud.local.blob;

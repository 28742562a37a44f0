/**
 * Buckets on Google Cloud Storage: the {@link dev.polycloud.spi.BlobDrivers} of the GCP provider over the client's
 * {@code Storage} interface, and the request builders for V4 signed URLs and Pub/Sub object notifications.
 */
package dev.polycloud.gcp.storage;

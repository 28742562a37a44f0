/**
 * Portable object storage: {@link dev.polycloud.blob.Bucket} handles from {@code Cloud.bucket(name)}, with
 * streaming puts and gets, ranged and conditional reads, conditional writes, metadata, copy and paged listing.
 * Validation, limits, retries and capability checks live here; providers plug in a
 * {@link dev.polycloud.spi.BlobDriver}.
 */
package dev.polycloud.blob;

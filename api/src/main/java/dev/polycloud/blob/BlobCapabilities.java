package dev.polycloud.blob;

/**
 * What a provider's object storage supports and its limits. The portable {@link Bucket} checks them before any
 * network call.
 *
 * @param supported whether the provider has object storage at all
 * @param maxKeyBytes the longest key in UTF-8 bytes (the portable limit is {@value Bucket#MAX_KEY_BYTES}; a
 *                    provider may declare less, never more)
 * @param multipartThreshold the size in bytes above which the driver uploads in parts (multipart, blocks or
 *                           resumable), so that memory use stays bounded whatever the object size
 * @param presign whether presigned get/put URLs are supported
 * @see dev.polycloud.function.FunctionCapabilities#bucketEvents() whether a bucket's object events can trigger
 *      functions (declared with the functions, whose driver binds them)
 */
public record BlobCapabilities(boolean supported, int maxKeyBytes, long multipartThreshold, boolean presign) {

    /**
     * Checks the values.
     *
     * @param supported see the record description
     * @param maxKeyBytes see the record description
     * @param multipartThreshold see the record description
     * @param presign see the record description
     * @throws IllegalArgumentException for a key limit outside 1..{@value Bucket#MAX_KEY_BYTES} or a
     *                                  non-positive threshold
     */
    public BlobCapabilities {
        if (supported && (maxKeyBytes < 1 || maxKeyBytes > Bucket.MAX_KEY_BYTES)) {
            throw new IllegalArgumentException("maxKeyBytes must be 1.." + Bucket.MAX_KEY_BYTES + ": " + maxKeyBytes);
        }
        if (supported && multipartThreshold < 1) {
            throw new IllegalArgumentException("multipartThreshold must be positive: " + multipartThreshold);
        }
    }

    /**
     * The capabilities of a provider without object storage.
     *
     * @return capabilities with {@link #supported()} false
     */
    public static BlobCapabilities none() {
        return new BlobCapabilities(false, 0, 0, false);
    }
}

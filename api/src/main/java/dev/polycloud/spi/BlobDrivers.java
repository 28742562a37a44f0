package dev.polycloud.spi;

import dev.polycloud.blob.BlobCapabilities;

/**
 * The object-storage drivers of one opened provider. Thread-safe.
 */
public interface BlobDrivers {

    /**
     * What the provider's object storage supports, fixed for the life of the cloud.
     *
     * @return the capabilities
     */
    BlobCapabilities capabilities();

    /**
     * The driver of one bucket (no network call).
     *
     * @param name a validated portable bucket name
     * @return the driver
     */
    BlobDriver bucket(String name);
}

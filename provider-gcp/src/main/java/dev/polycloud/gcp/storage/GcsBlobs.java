package dev.polycloud.gcp.storage;

import com.google.cloud.storage.Storage;
import dev.polycloud.blob.BlobCapabilities;
import dev.polycloud.spi.BlobDriver;
import dev.polycloud.spi.BlobDrivers;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Cloud Storage drivers of one opened GCP provider: one {@link BlobDriver} per bucket over a shared
 * {@link Storage} client (built lazily by the provider, or the one the user handed over with
 * {@code use(Storage.class, ...)}). Thread-safe.
 */
public final class GcsBlobs implements BlobDrivers {

    private final Supplier<Storage> storage;

    /**
     * Drivers over a client.
     *
     * @param storage supplies the client on first use (not called here)
     * @throws NullPointerException for a null supplier
     */
    public GcsBlobs(Supplier<Storage> storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    @Override
    public BlobCapabilities capabilities() {
        return GcsBlobDriver.CAPABILITIES;
    }

    @Override
    public BlobDriver bucket(String name) {
        return new GcsBlobDriver(storage, name);
    }
}

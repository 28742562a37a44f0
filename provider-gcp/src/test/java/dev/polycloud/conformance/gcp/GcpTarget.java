package dev.polycloud.conformance.gcp;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.polycloud.emulators.GcpEmulators;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import java.time.Duration;

/**
 * The GCP provider on the gcloud emulators as a conformance target: Pub/Sub's shortest ack
 * deadline (10 seconds) as the short lease, and a patience that covers a lease plus a redelivery
 * on a busy machine. Cloud Storage has no emulator here, so buckets are the in-memory
 * {@code LocalStorageHelper} fake (with the test-side bucket bookkeeping of
 * {@link BucketBookkeepingStorage}); without it every bucket call, {@code cloud.health()} included,
 * would try to reach storage.googleapis.com.
 */
public final class GcpTarget implements ConformanceTarget {

    /** The one instance the GCP runners share (one pair of emulators per JVM). */
    public static final GcpTarget INSTANCE = new GcpTarget();

    private GcpTarget() {
    }

    @Override
    public Cloud open() {
        return Polycloud.builder().config(PolycloudConfig.builder().setAll(GcpEmulators.get().config()).build())
                .use(Storage.class, BucketBookkeepingStorage.wrap(LocalStorageHelper.getOptions().getService()))
                .open();
    }

    @Override
    public java.util.Optional<java.util.Map<String, String>> configuration() {
        return java.util.Optional.of(GcpEmulators.get().config());
    }

    @Override
    public Duration shortLease() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Duration patience() {
        return Duration.ofSeconds(25);
    }

    @Override
    public void close() {
        GcpEmulators.stop();
    }
}

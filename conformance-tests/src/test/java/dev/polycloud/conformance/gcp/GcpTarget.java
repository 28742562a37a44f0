package dev.polycloud.conformance.gcp;

import dev.polycloud.emulators.GcpEmulators;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import java.time.Duration;

/**
 * The GCP provider on the gcloud emulators as a conformance target: Pub/Sub's shortest ack
 * deadline (10 seconds) as the short lease, and a patience that covers a lease plus a redelivery
 * on a busy machine.
 */
public final class GcpTarget implements ConformanceTarget {

    /** The one instance the GCP runners share (one pair of emulators per JVM). */
    public static final GcpTarget INSTANCE = new GcpTarget();

    private GcpTarget() {
    }

    @Override
    public Cloud open() {
        return Polycloud.open(PolycloudConfig.builder().setAll(GcpEmulators.get().config()).build());
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

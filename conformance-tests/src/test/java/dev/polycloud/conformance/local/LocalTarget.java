package dev.polycloud.conformance.local;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import java.time.Duration;

/**
 * The in-memory provider as a conformance target: nothing to start, a one-second short lease,
 * and a short patience since everything it does is immediate.
 */
public final class LocalTarget implements ConformanceTarget {

    /** The in-memory provider with every capability declared (its default). */
    public static final LocalTarget INSTANCE = new LocalTarget("");

    /** The in-memory provider with every optional capability switched off. */
    public static final LocalTarget WITHOUT_OPTIONAL_CAPABILITIES = new LocalTarget(
            "delay, fifo, deduplication, native-dead-letter, subscription-filters, ordering-groups");

    private final String disabled;

    private LocalTarget(String disabled) {
        this.disabled = disabled;
    }

    @Override
    public Cloud open() {
        return Polycloud.open(PolycloudConfig.builder().setAll(configuration().orElseThrow()).build());
    }

    @Override
    public java.util.Optional<java.util.Map<String, String>> configuration() {
        java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put(PolycloudConfig.PROVIDER, "local");
        if (!disabled.isEmpty()) {
            keys.put("polycloud.local.disable", disabled);
        }
        return java.util.Optional.of(keys);
    }

    @Override
    public Duration shortLease() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Duration patience() {
        return Duration.ofSeconds(10);
    }

    @Override
    public String toString() {
        return disabled.isEmpty() ? "local" : "local without " + disabled;
    }
}

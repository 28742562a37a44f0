package dev.polycloud.conformance.local;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.conformance.ConformanceTarget;
import dev.polycloud.conformance.ManualTime;
import dev.polycloud.local.schedule.LocalScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

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

    /**
     * A clock the tests move: the local provider runs on it ({@code use(Clock.class, clock)}) and
     * {@code LocalScheduler.runDue()} runs what came due.
     */
    @Override
    public Optional<ManualTime> manualTime() {
        return Optional.of(start -> {
            HandClock clock = new HandClock(start);
            Cloud cloud = Polycloud.builder().config(PolycloudConfig.builder().provider("local").build())
                    .use(Clock.class, clock).open();
            return new ManualTime.Clocked() {
                @Override
                public Cloud cloud() {
                    return cloud;
                }

                @Override
                public void advanceTo(Instant instant) {
                    clock.set(instant);
                    cloud.unwrap(LocalScheduler.class).runDue();
                }

                @Override
                public void close() {
                    cloud.close();
                }
            };
        });
    }

    /** A clock set by hand. */
    private static final class HandClock extends Clock {
        private volatile Instant now;

        HandClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            if (instant.isBefore(now)) {
                throw new IllegalArgumentException("The clock only moves forward");
            }
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
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

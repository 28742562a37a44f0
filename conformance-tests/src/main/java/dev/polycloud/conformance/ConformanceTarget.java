package dev.polycloud.conformance;

import dev.polycloud.Cloud;
import java.time.Duration;

/**
 * What a runner gives the conformance suite: a way to open a {@link Cloud} on the provider
 * under test, and the timings that provider needs. A runner is a small subclass of each suite
 * class that returns its target from {@link ConformanceSuite#target()}.
 *
 * <p>Targets are usually shared by every suite class of one runner (one emulator per test run)
 * and stopped by a JVM shutdown hook or by {@link #close()}.
 */
public interface ConformanceTarget extends AutoCloseable {

    /**
     * Opens a cloud on the provider under test. Called once per suite class; the suite closes it.
     *
     * @return a new cloud
     * @throws org.opentest4j.TestAbortedException when the target's emulator is missing and not required
     */
    Cloud open();

    /**
     * The lease used by tests that wait for a lease to end. Must be at least the provider's
     * smallest lease (Pub/Sub: 10 seconds).
     *
     * @return the short lease; 1 second by default
     */
    default Duration shortLease() {
        return Duration.ofSeconds(1);
    }

    /**
     * How long to keep polling for something eventually visible (a redelivery, a fan-out).
     *
     * @return the patience; 20 seconds by default
     */
    default Duration patience() {
        return Duration.ofSeconds(20);
    }

    /**
     * The explicit configuration keys {@link #open()} uses, for suites that open clouds with changed
     * configuration ({@link ConfigConformance}). Empty when the target reads standard sources it cannot
     * list (a real account); those suites then skip.
     *
     * @return the keys and values, or empty
     */
    default java.util.Optional<java.util.Map<String, String>> configuration() {
        return java.util.Optional.empty();
    }

    /** Stops whatever the target started. Idempotent; the default does nothing. */
    @Override
    default void close() {
    }
}

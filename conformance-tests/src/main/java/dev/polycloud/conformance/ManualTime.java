package dev.polycloud.conformance;

import dev.polycloud.Cloud;
import java.time.Instant;

/**
 * A target's clock that tests move by hand, for providers whose scheduler follows an injected
 * clock (the local provider). Offered by {@link ConformanceTarget#manualTime()}; the schedule
 * suite's tick-sequence tests are skipped on targets without one.
 */
public interface ManualTime {

    /**
     * Opens a cloud whose clock stands at {@code start} until {@link Clocked#advanceTo} moves it.
     *
     * @param start the clock's first instant
     * @return the cloud and its clock; the caller closes it
     */
    Clocked open(Instant start);

    /** A cloud on a hand-moved clock. */
    interface Clocked extends AutoCloseable {

        /**
         * The cloud.
         *
         * @return the cloud
         */
        Cloud cloud();

        /**
         * Moves the clock forward to an instant and returns once the provider has run, and finished,
         * everything that came due by then.
         *
         * @param instant the new time, not before the current one
         */
        void advanceTo(Instant instant);

        /** Closes the cloud. */
        @Override
        void close();
    }
}

package dev.polycloud.spi;

import dev.polycloud.ErrorCode;

/**
 * Sees every portable operation once it has finished: the one hook for metrics (see the optional
 * {@code polycloud-micrometer} module) and other instrumentation. The portable layer calls it from
 * {@code dev.polycloud.internal.Retrier}, through which every driver call goes, so drivers never call it.
 *
 * <p>Arguments: {@code provider} is the provider id ({@code local}, {@code aws}, ...); {@code kind} the
 * building block ({@code queue}, {@code topic}, {@code subscription}, {@code table}, {@code bucket},
 * {@code function}, {@code gateway}, or {@code functions} for calls on no one function); {@code resource}
 * the portable resource name ({@code orders}, {@code events/audit} for a subscription, empty when there is
 * none); {@code operation} the portable operation ({@code send}, {@code receive}, {@code get}, ...). These
 * values are bounded by the number of resources an application uses; message ids, keys and payloads are never
 * passed, so they can be used as metric tags.
 *
 * <p>Cost: when no observer is registered the portable layer uses {@link #NONE} and skips timing
 * entirely. An observer runs on the caller's thread (or the thread completing an asynchronous call), so it must
 * be quick, must not block, and must not throw (an exception it throws is logged and dropped).
 * Implementations must be thread-safe.
 */
public interface OperationObserver {

    /** The observer that does nothing; the default when none is registered. */
    OperationObserver NONE = new OperationObserver() {
        @Override
        public String toString() {
            return "OperationObserver.NONE";
        }
    };

    /**
     * An operation succeeded (possibly after retries).
     *
     * @param provider the provider id
     * @param kind the building block
     * @param resource the portable resource name, or empty
     * @param operation the portable operation
     * @param durationNanos the time from the first attempt to the outcome, retries and backoff included
     */
    default void succeeded(String provider, String kind, String resource, String operation, long durationNanos) {
    }

    /**
     * An operation failed for good (its last attempt failed, or the failure was not retryable).
     *
     * @param provider the provider id
     * @param kind the building block
     * @param resource the portable resource name, or empty
     * @param operation the portable operation
     * @param durationNanos the time from the first attempt to the outcome, retries and backoff included
     * @param code the portable error code of the failure
     */
    default void failed(String provider, String kind, String resource, String operation, long durationNanos,
                        ErrorCode code) {
    }

    /**
     * An attempt failed with a retryable code and is about to be retried after a backoff.
     *
     * @param provider the provider id
     * @param kind the building block
     * @param resource the portable resource name, or empty
     * @param operation the portable operation
     * @param code the code of the failed attempt
     */
    default void retried(String provider, String kind, String resource, String operation, ErrorCode code) {
    }
}

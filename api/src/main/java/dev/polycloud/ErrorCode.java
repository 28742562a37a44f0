package dev.polycloud;

/**
 * The portable reason an operation failed, the same on every provider.
 *
 * <p>Every driver maps its vendor's errors to one of these codes, and the conformance suite
 * asserts them, so the same mistake gives the same code on AWS, Azure, GCP and in memory.
 * {@link #retryable()} tells whether repeating the same call may succeed; the portable layer
 * already retries those with backoff before it gives up.
 */
public enum ErrorCode {
    /** The resource (queue, topic, subscription, table, item, function) does not exist. */
    NOT_FOUND(false),
    /** A create-only operation found the resource already there. */
    ALREADY_EXISTS(false),
    /** A condition did not hold: a stale version, a failed conditional write, a lost lease. */
    PRECONDITION_FAILED(false),
    /** An argument is malformed or over a limit (names, sizes, counts, durations). */
    INVALID_ARGUMENT(false),
    /** The caller is authenticated but not allowed to do this. */
    PERMISSION_DENIED(false),
    /** The caller's credentials are missing, wrong or expired. */
    UNAUTHENTICATED(false),
    /** The service asked the caller to slow down. */
    THROTTLED(true),
    /** The service could not be reached or is temporarily unavailable. */
    UNAVAILABLE(true),
    /** The operation did not finish in time. */
    DEADLINE_EXCEEDED(true),
    /** The provider does not have the capability the call asks for. */
    UNIMPLEMENTED(false),
    /** A function ran and failed; the exception names the handler's error type and message. */
    FUNCTION_FAILED(false),
    /** The provider or the SDK itself failed in a way that is a bug, not the caller's doing. */
    INTERNAL(false),
    /** Nothing more specific is known. */
    UNKNOWN(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /**
     * Whether repeating the same call unchanged may succeed.
     *
     * @return true for {@link #THROTTLED}, {@link #UNAVAILABLE} and {@link #DEADLINE_EXCEEDED}
     */
    public boolean retryable() {
        return retryable;
    }
}

package dev.polycloud.internal;

import dev.polycloud.ErrorCode;

/**
 * The portable {@link ErrorCode} of an HTTP status outside 2xx: the mapping the drivers of
 * HTTP-based cloud APIs share. A driver looks up its service's own error codes (and the few
 * statuses its service gives another meaning) first and falls back to {@link #errorCode(int)}.
 *
 * <p>Stateless and thread-safe. Not API: public only so that the provider modules can use it; it
 * may change without notice.
 */
public final class HttpStatusCodes {

    private HttpStatusCodes() {
    }

    /**
     * The portable code of an HTTP status: 400, 413 and 414 are bad input, 401 unauthenticated,
     * 403 permission denied, 404 not found, 409 already exists, 412 a failed precondition, 408 and
     * 504 a deadline, 429 throttling, 501 unimplemented, any other 5xx unavailable (retryable) and
     * anything else unknown.
     *
     * @param status the HTTP status
     * @return the portable code
     */
    public static ErrorCode errorCode(int status) {
        return switch (status) {
            case 400, 413, 414 -> ErrorCode.INVALID_ARGUMENT;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.ALREADY_EXISTS;
            case 412 -> ErrorCode.PRECONDITION_FAILED;
            case 408, 504 -> ErrorCode.DEADLINE_EXCEEDED;
            case 429 -> ErrorCode.THROTTLED;
            case 501 -> ErrorCode.UNIMPLEMENTED;
            default -> status >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.UNKNOWN;
        };
    }
}

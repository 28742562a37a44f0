package dev.polycloud.conformance.handlers;

/**
 * The custom exception the failing handlers throw, so that the suites can check that a
 * failure's error type is the handler's own exception class, not a wrapper.
 */
public class DeliberateFailureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message the caller must see
     */
    public DeliberateFailureException(String message) {
        super(message);
    }
}

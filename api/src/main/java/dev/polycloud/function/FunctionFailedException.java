package dev.polycloud.function;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;

/**
 * A function ran and its handler failed: {@link ErrorCode#FUNCTION_FAILED} with the handler's
 * error type (the exception class name) and message, as reported by the provider.
 */
public class FunctionFailedException extends CloudException {

    private static final long serialVersionUID = 1L;

    /** The handler's error type. */
    private final String errorType;
    /** The handler's error message. */
    private final String errorMessage;

    /**
     * Creates the exception.
     *
     * @param function the function name
     * @param errorType the handler's error type, e.g. {@code java.lang.IllegalStateException}
     * @param errorMessage the handler's error message (may be empty)
     * @param provider the provider id
     */
    public FunctionFailedException(String function, String errorType, String errorMessage, String provider) {
        super(ErrorCode.FUNCTION_FAILED, "Function '" + function + "' failed: " + errorType
                + (errorMessage == null || errorMessage.isEmpty() ? "" : ": " + errorMessage), provider,
                "function " + function, null);
        this.errorType = errorType;
        this.errorMessage = errorMessage == null ? "" : errorMessage;
    }

    /**
     * The handler's error type.
     *
     * @return the exception class name as reported
     */
    public String errorType() {
        return errorType;
    }

    /**
     * The handler's error message.
     *
     * @return the message, possibly empty
     */
    public String errorMessage() {
        return errorMessage;
    }
}

package dev.polycloud.azure.functions;

/**
 * A portable handler failed where the Azure Functions host must see an exception (queue and
 * Service Bus triggers, so that it retries the message and eventually moves it to the poison queue
 * or dead-letters it): thrown by {@link PolycloudAzure} when the handler threw a checked exception,
 * or reported the message as failed in its {@link dev.polycloud.function.BatchResult}. Unchecked
 * exceptions of the handler are rethrown as they are.
 */
public final class HandlerFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The handler's error type. */
    private final String errorType;

    /**
     * Creates the exception.
     *
     * @param errorType the handler's exception class name, or what failed
     * @param message what happened
     * @param cause the handler's exception, if any
     */
    public HandlerFailedException(String errorType, String message, Throwable cause) {
        super(errorType + (message == null || message.isEmpty() ? "" : ": " + message), cause);
        this.errorType = errorType;
    }

    /**
     * The handler's error type.
     *
     * @return the exception class name, or what failed
     */
    public String errorType() {
        return errorType;
    }
}

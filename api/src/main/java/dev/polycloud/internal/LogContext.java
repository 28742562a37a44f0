package dev.polycloud.internal;

import org.slf4j.MDC;

/**
 * Puts the SLF4J MDC keys of the portable layer around a call and puts back what was there before, so nested
 * calls (a table write inside a listener's handler) restore their caller's keys. Keys:
 * {@value #PROVIDER} (provider id), {@value #RESOURCE} (resource description such as {@code queue orders}),
 * {@value #OPERATION} (portable operation) and {@value #INVOCATION} (function invocation or message id, set by
 * the listener and the function runtime only). Values are names and ids, never payloads or secrets.
 *
 * <p>Not thread-safe: open and close on the same thread (try-with-resources).
 */
public final class LogContext implements AutoCloseable {

    /** MDC key of the provider id. */
    public static final String PROVIDER = "polycloud.provider";
    /** MDC key of the resource description. */
    public static final String RESOURCE = "polycloud.resource";
    /** MDC key of the portable operation. */
    public static final String OPERATION = "polycloud.operation";
    /** MDC key of the function invocation id or the message id being handled. */
    public static final String INVOCATION = "polycloud.invocationId";

    private final String provider;
    private final String resource;
    private final String operation;
    private final String invocation;
    private final boolean withInvocation;

    /**
     * What a context opened with no provider, resource or operation in the MDC puts back (it removes them):
     * shared, so the usual portable call that runs outside any other opens its context without allocating.
     */
    private static final LogContext NONE_BEFORE = new LogContext(null, null, null);

    private LogContext(boolean withInvocation) {
        this.provider = MDC.get(PROVIDER);
        this.resource = MDC.get(RESOURCE);
        this.operation = MDC.get(OPERATION);
        this.withInvocation = withInvocation;
        this.invocation = withInvocation ? MDC.get(INVOCATION) : null;
    }

    private LogContext(String provider, String resource, String operation) {
        this.provider = provider;
        this.resource = resource;
        this.operation = operation;
        this.withInvocation = false;
        this.invocation = null;
    }

    /**
     * Sets provider, resource and operation until {@link #close()}.
     *
     * @param provider the provider id
     * @param resource the resource description
     * @param operation the portable operation
     * @return the context to close
     */
    public static LogContext open(String provider, String resource, String operation) {
        String provider0 = MDC.get(PROVIDER);
        String resource0 = MDC.get(RESOURCE);
        String operation0 = MDC.get(OPERATION);
        LogContext previous = provider0 == null && resource0 == null && operation0 == null ? NONE_BEFORE
                : new LogContext(provider0, resource0, operation0);
        MDC.put(PROVIDER, provider);
        MDC.put(RESOURCE, resource);
        MDC.put(OPERATION, operation);
        return previous;
    }

    /**
     * Sets provider, resource, operation and invocation id until {@link #close()}.
     *
     * @param provider the provider id
     * @param resource the resource description
     * @param operation the operation ({@code process}, {@code invoke}, ...)
     * @param invocation the invocation or message id
     * @return the context to close
     */
    public static LogContext open(String provider, String resource, String operation, String invocation) {
        LogContext previous = new LogContext(true);
        MDC.put(PROVIDER, provider);
        MDC.put(RESOURCE, resource);
        MDC.put(OPERATION, operation);
        MDC.put(INVOCATION, invocation);
        return previous;
    }

    /** Puts back the values that were there when this context was opened (removing keys that were absent). */
    @Override
    public void close() {
        restore(PROVIDER, provider);
        restore(RESOURCE, resource);
        restore(OPERATION, operation);
        if (withInvocation) {
            restore(INVOCATION, invocation);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}

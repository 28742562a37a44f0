package dev.polycloud.internal;

import dev.polycloud.ErrorCode;
import dev.polycloud.spi.OperationObserver;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instruments the handling of one incoming message, batch or invocation: MDC keys (see {@link LogContext}),
 * the observer's handling scope (which continues the trace context carried by the message) and, for managed
 * listeners, the in-flight and handler-duration reports. With {@link OperationObserver#NONE} only the MDC keys
 * are set. One instance per source; {@link #begin} is thread-safe, a {@link Handling} is used by one thread.
 */
public final class HandlerObservation {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerObservation.class);

    private final String provider;
    private final String resource;
    private final String kind;
    private final String name;
    private final String operation;
    private final OperationObserver observer;
    private final boolean listener;

    /**
     * Observation for one source.
     *
     * @param provider the provider id
     * @param resource the resource description ({@code "queue orders"}, {@code "function resize"})
     * @param operation {@code process} for messages, {@code invoke} for functions
     * @param observer the observer; {@link OperationObserver#NONE} for none
     * @param listener whether to report {@link OperationObserver#handlerStarted}/{@link OperationObserver#handled}
     */
    public HandlerObservation(String provider, String resource, String operation, OperationObserver observer,
                              boolean listener) {
        this.provider = provider;
        this.resource = resource;
        int space = resource.indexOf(' ');
        this.kind = space < 0 ? resource : resource.substring(0, space);
        this.name = space < 0 ? "" : resource.substring(space + 1);
        this.operation = operation;
        this.observer = observer;
        this.listener = listener;
    }

    /**
     * Starts handling: sets the MDC keys and opens the observer's scope; close the result on this thread.
     *
     * @param id the message or invocation id, for the MDC
     * @param carrier the message attributes or request headers carrying the trace context
     * @return the handling to {@link Handling#end end} and close
     */
    public Handling begin(String id, Map<String, String> carrier) {
        return begin(id, carrier, java.util.List.of());
    }

    /**
     * Starts handling a batch: like {@link #begin(String, Map)} with the first message's context as parent, and
     * a link to each message's context in {@code links} (the producers of the batch).
     *
     * @param id the first message's id, for the MDC
     * @param carrier the first message's attributes
     * @param links the attributes of every message of the batch
     * @return the handling to {@link Handling#end end} and close
     */
    public Handling begin(String id, Map<String, String> carrier, java.util.List<Map<String, String>> links) {
        LogContext log = LogContext.open(provider, resource, operation, id);
        if (observer == OperationObserver.NONE) {
            return new Handling(log, OperationObserver.Scope.NONE, 0);
        }
        OperationObserver.Scope scope = OperationObserver.Scope.NONE;
        try {
            if (listener) {
                observer.handlerStarted(provider, kind, name);
            }
            OperationObserver.Scope s = observer.startHandling(provider, kind, name, operation, carrier);
            scope = s == null ? OperationObserver.Scope.NONE : s;
            for (Map<String, String> link : links) {
                if (link.containsKey(TraceContext.TRACEPARENT)) {
                    scope.link(link);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Operation observer {} failed; ignored", observer, e);
        }
        return new Handling(log, scope, System.nanoTime());
    }

    /** One handling in progress; {@link #end} then {@link #close} on the thread that began it. */
    public final class Handling implements AutoCloseable {
        private final LogContext log;
        private final OperationObserver.Scope scope;
        private final long start;
        private boolean ended;

        private Handling(LogContext log, OperationObserver.Scope scope, long start) {
            this.log = log;
            this.scope = scope;
            this.start = start;
        }

        /**
         * Records the outcome; only the first call counts.
         *
         * @param code the failure's code, or {@code null} for success
         */
        public void end(ErrorCode code) {
            if (ended) {
                return;
            }
            ended = true;
            if (observer == OperationObserver.NONE) {
                return;
            }
            try {
                if (listener) {
                    observer.handled(provider, kind, name, System.nanoTime() - start, code == null);
                }
                scope.end(code);
            } catch (RuntimeException e) {
                LOG.warn("Operation observer {} failed; ignored", observer, e);
            }
        }

        /** Ends as a failure with {@link ErrorCode#UNKNOWN} if not ended, detaches the scope, restores the MDC. */
        @Override
        public void close() {
            end(ErrorCode.UNKNOWN);
            try {
                scope.close();
            } catch (RuntimeException e) {
                LOG.warn("Operation observer {} failed; ignored", observer, e);
            } finally {
                log.close();
            }
        }
    }
}

package dev.polycloud.internal;

import dev.polycloud.ErrorCode;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.spi.OperationObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instrumentation of one function invocation, written once for every function runtime: the local runtime
 * and the cloud adapters (Lambda, Cloud Functions, Azure Functions) call it with what they decoded from their
 * event, and it
 * <ul>
 *   <li>sets the MDC keys of {@link LogContext} ({@code polycloud.provider}, {@code polycloud.resource} =
 *       {@code function <name>}, {@code polycloud.operation} = {@code invoke}, {@code polycloud.invocationId} =
 *       the cloud's request id) and puts back the previous values on {@link Invocation#close()};</li>
 *   <li>opens the observer's invocation scope ({@link OperationObserver#startInvocation}), which continues the
 *       trace context of the triggering request or messages;</li>
 *   <li>for an HTTP request through a gateway ({@link #beginHttp}), first opens the request scope
 *       ({@link OperationObserver#startRequest}: the server span with method, route and status, continuing the
 *       {@code traceparent} header), makes the invocation its child, and reports the request to
 *       {@link OperationObserver#gatewayRequest} (the gateway request timer by route and status).</li>
 * </ul>
 * With {@link OperationObserver#NONE} only the MDC keys are set. Observer failures are logged and dropped.
 *
 * <p>Not thread-safe: an {@link Invocation} is begun, ended and closed on one thread. Not an API for
 * applications; it may change.
 */
public final class FunctionObservation {

    /** {@code faas.trigger} of an HTTP request. */
    public static final String HTTP = "http";
    /** {@code faas.trigger} of messages (a queue, topic or subscription). */
    public static final String PUBSUB = "pubsub";
    /** {@code faas.trigger} of table or bucket changes. */
    public static final String DATASOURCE = "datasource";
    /** {@code faas.trigger} of a schedule. */
    public static final String TIMER = "timer";
    /** {@code faas.trigger} of a direct invocation. */
    public static final String OTHER = "other";

    private static final Logger LOG = LoggerFactory.getLogger(FunctionObservation.class);

    private FunctionObservation() {
    }

    /**
     * Begins an invocation triggered by anything but an HTTP request through a gateway.
     *
     * @param observer the observer; {@link OperationObserver#NONE} for none
     * @param provider the provider id
     * @param function the portable function name
     * @param trigger {@link #PUBSUB}, {@link #DATASOURCE}, {@link #TIMER}, {@link #HTTP} or {@link #OTHER}
     * @param invocationId the invocation id (the cloud's request id)
     * @param carriers the trace contexts that came with it (each message's attributes, or the request headers)
     * @return the invocation to {@link Invocation#end end} and close on this thread
     * @throws NullPointerException when an argument is null
     */
    public static Invocation begin(OperationObserver observer, String provider, String function, String trigger,
                                   String invocationId, List<Map<String, String>> carriers) {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(carriers, "carriers");
        LogContext log = LogContext.open(provider, "function " + function, "invoke", invocationId);
        if (observer == OperationObserver.NONE) {
            return new Invocation(observer, log, OperationObserver.Scope.NONE);
        }
        OperationObserver.Scope scope = OperationObserver.Scope.NONE;
        try {
            scope = orNone(observer.startInvocation(provider, function, trigger, invocationId, carriers));
        } catch (RuntimeException e) {
            LOG.warn("Operation observer {} failed; ignored", observer, e);
        }
        return new Invocation(observer, log, scope);
    }

    /**
     * Begins an invocation by an HTTP request that came through a gateway: the request scope (continuing the
     * request's {@code traceparent}), the invocation scope as its child, and the gateway request report on
     * close. Call {@link Invocation#httpStatus} with the status answered before closing.
     *
     * @param observer the observer; {@link OperationObserver#NONE} for none
     * @param provider the provider id
     * @param gateway the gateway name, or the function name when the adapter does not know the gateway
     * @param route the matched route template, or {@code unmatched} when the adapter does not know it; never the
     *     request path
     * @param function the portable function name
     * @param invocationId the invocation id (the cloud's request id)
     * @param request the portable request (its headers carry the trace context)
     * @return the invocation to {@link Invocation#end end} and close on this thread
     * @throws NullPointerException when an argument is null
     */
    public static Invocation beginHttp(OperationObserver observer, String provider, String gateway, String route,
                                       String function, String invocationId, HttpRequest request) {
        Request r = beginRequest(observer, provider, gateway, route, request);
        Invocation invocation = begin(observer, provider, function, HTTP, invocationId, r.carriers());
        invocation.request = r;
        return invocation;
    }

    /**
     * Begins the gateway side of an HTTP request alone, for an adapter that runs the handler on another thread:
     * open the invocation there with {@link #begin} and {@link Request#carriers()} (so it is the request's
     * child), then give the status to {@link Request#httpStatus} and close the request on this thread.
     *
     * @param observer the observer; {@link OperationObserver#NONE} for none
     * @param provider the provider id
     * @param gateway the gateway name, or the function name when the adapter does not know the gateway
     * @param route the matched route template, or {@code unmatched}; never the request path
     * @param request the portable request (its headers carry the trace context)
     * @return the request to close on this thread
     * @throws NullPointerException when an argument is null
     */
    public static Request beginRequest(OperationObserver observer, String provider, String gateway, String route,
                                       HttpRequest request) {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(request, "request");
        if (observer == OperationObserver.NONE) {
            return new Request(observer, OperationObserver.Scope.NONE, null, List.of(), 0);
        }
        String method = request.method().toUpperCase(Locale.ROOT);
        Map<String, String> headers = headers(request);
        OperationObserver.Scope scope = OperationObserver.Scope.NONE;
        Map<String, String> parent = headers;
        try {
            scope = orNone(observer.startRequest(provider, gateway, method, route, headers));
            Map<String, String> current = observer.outgoingContext();
            if (current != null && !current.isEmpty()) {
                parent = current;
            }
        } catch (RuntimeException e) {
            LOG.warn("Operation observer {} failed; ignored", observer, e);
        }
        return new Request(observer, scope, new RequestReport(provider, gateway, method, route), List.of(parent),
                System.nanoTime());
    }

    /**
     * The first value of each request header by lower-case name: the carrier of an incoming trace context.
     *
     * @param request the request
     * @return the headers
     */
    public static Map<String, String> headers(HttpRequest request) {
        Map<String, String> carrier = new HashMap<>();
        request.headers().values().forEach((k, v) -> {
            if (!v.isEmpty()) {
                carrier.putIfAbsent(k.toLowerCase(Locale.ROOT), v.get(0));
            }
        });
        return carrier;
    }

    private static OperationObserver.Scope orNone(OperationObserver.Scope scope) {
        return scope == null ? OperationObserver.Scope.NONE : scope;
    }

    /** What a gateway request reports once answered. */
    private record RequestReport(String provider, String gateway, String method, String route) {
    }

    /**
     * The gateway side of one HTTP request in progress (see {@link #beginRequest}): give the status, then close on
     * the thread that began it.
     */
    public static final class Request implements AutoCloseable {
        private final OperationObserver observer;
        private final OperationObserver.Scope scope;
        private final RequestReport report;
        private final List<Map<String, String>> carriers;
        private final long start;
        private int status = 500;

        private Request(OperationObserver observer, OperationObserver.Scope scope, RequestReport report,
                        List<Map<String, String>> carriers, long start) {
            this.observer = observer;
            this.scope = scope;
            this.report = report;
            this.carriers = carriers;
            this.start = start;
        }

        /**
         * The trace context the invocation of this request continues (the request's span), for {@link #begin}.
         *
         * @return the carriers; empty without an observer
         */
        public List<Map<String, String>> carriers() {
            return carriers;
        }

        /**
         * The HTTP status answered; 500 when never called.
         *
         * @param status the status code
         */
        public void httpStatus(int status) {
            this.status = status;
        }

        /** Ends the request's scope with its status (5xx is an error), reports the request, detaches the scope. */
        @Override
        public void close() {
            if (report == null) {
                return;
            }
            try {
                scope.httpStatus(status);
                scope.end(status >= 500 ? ErrorCode.UNKNOWN : null);
                observer.gatewayRequest(report.provider(), report.gateway(), report.method(), report.route(),
                        status, System.nanoTime() - start);
            } catch (RuntimeException e) {
                LOG.warn("Operation observer {} failed; ignored", observer, e);
            }
            try {
                scope.close();
            } catch (RuntimeException e) {
                LOG.warn("Operation observer {} failed; ignored", observer, e);
            }
        }
    }

    /** One invocation in progress: {@link #end} (and {@link #httpStatus}) then {@link #close} on its thread. */
    public static final class Invocation implements AutoCloseable {
        private final OperationObserver observer;
        private final LogContext log;
        private final OperationObserver.Scope scope;
        private Request request;
        private boolean ended;

        private Invocation(OperationObserver observer, LogContext log, OperationObserver.Scope scope) {
            this.observer = observer;
            this.log = log;
            this.scope = scope;
        }

        /**
         * The HTTP status answered, for an invocation begun with {@link #beginHttp}; ignored otherwise.
         *
         * @param status the status code
         */
        public void httpStatus(int status) {
            if (request != null) {
                request.httpStatus(status);
            }
        }

        /**
         * Records the handler's outcome; only the first call counts.
         *
         * @param code the failure's code ({@link ErrorCode#FUNCTION_FAILED} for a handler that threw), or
         *     {@code null} for success
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
                scope.end(code);
            } catch (RuntimeException e) {
                LOG.warn("Operation observer {} failed; ignored", observer, e);
            }
        }

        /**
         * Ends as {@link ErrorCode#UNKNOWN} if not ended, detaches the scope, closes the request of
         * {@link #beginHttp} and restores the MDC.
         */
        @Override
        public void close() {
            end(ErrorCode.UNKNOWN);
            try {
                scope.close();
            } catch (RuntimeException e) {
                LOG.warn("Operation observer {} failed; ignored", observer, e);
            } finally {
                try {
                    if (request != null) {
                        request.close();
                    }
                } finally {
                    log.close();
                }
            }
        }
    }
}

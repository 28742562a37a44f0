package dev.polycloud.spi;

import dev.polycloud.ErrorCode;
import java.util.Map;

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
 *
 * <p>Beyond outcomes, the portable layer reports message counts ({@link #messages}), the managed listener's
 * in-flight handlers and handler durations ({@link #handlerStarted}, {@link #handled}), gateway requests
 * ({@link #gatewayRequest}), and opens a scope around every operation ({@link #start}) and every handling of
 * an incoming message or request ({@link #startHandling}), which a tracer turns into spans. Trace context
 * crosses messages as attributes: {@link #outgoingContext()} gives what the producer adds (W3C
 * {@code traceparent}/{@code tracestate}), and {@link #startHandling} reads it back on the consumer. Every one of
 * these methods has a default that does nothing, and none of them is called when the observer is {@link #NONE}.
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
     * Several observers as one, for example metrics and traces together: every call goes to each in order.
     *
     * @param observers the observers
     * @return one observer; {@link #NONE} when none is given, the observer itself when one is
     * @throws NullPointerException when an observer is null
     */
    static OperationObserver all(OperationObserver... observers) {
        java.util.List<OperationObserver> list = new java.util.ArrayList<>();
        for (OperationObserver o : observers) {
            if (java.util.Objects.requireNonNull(o, "observer") != NONE) {
                list.add(o);
            }
        }
        return list.isEmpty() ? NONE : list.size() == 1 ? list.get(0)
                : new dev.polycloud.internal.CompositeObserver(list);
    }

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

    /**
     * Messages moved: {@code event} is one of {@code sent} (published on a topic or sent to a queue),
     * {@code received}, {@code acked}, {@code nacked} or {@code dead_lettered} (moved by the portable layer to a
     * dead-letter queue; a provider's native dead-lettering is not seen). Reported once per successful driver
     * call, with the number of messages it moved.
     *
     * @param provider the provider id
     * @param kind the building block ({@code queue}, {@code topic} or {@code subscription})
     * @param resource the portable resource name
     * @param event what happened to the messages
     * @param count how many messages, at least 1
     */
    default void messages(String provider, String kind, String resource, String event, int count) {
    }

    /**
     * A managed listener started running its handler on one message (or one batch); each call is followed by
     * exactly one {@link #handled} call for the same source, so a gauge of handlers in flight is
     * {@code handlerStarted - handled}.
     *
     * @param provider the provider id
     * @param kind {@code queue} or {@code subscription}
     * @param resource the portable resource name
     */
    default void handlerStarted(String provider, String kind, String resource) {
    }

    /**
     * A managed listener's handler returned or threw.
     *
     * @param provider the provider id
     * @param kind {@code queue} or {@code subscription}
     * @param resource the portable resource name
     * @param durationNanos how long the handler ran
     * @param success whether it returned normally (a batch handler that reported failed ids counts as success)
     */
    default void handled(String provider, String kind, String resource, long durationNanos, boolean success) {
    }

    /**
     * A gateway answered a request. {@code route} is the route's template ({@code /orders/{id}}), never the
     * request path, so it can be a metric tag; requests that matched no route have the route {@code unmatched}.
     *
     * @param provider the provider id
     * @param gateway the gateway name
     * @param method the HTTP method
     * @param route the matched route template, or {@code unmatched}
     * @param status the HTTP status answered
     * @param durationNanos from the request's arrival to the answer
     */
    default void gatewayRequest(String provider, String gateway, String method, String route, int status,
                                long durationNanos) {
    }

    /**
     * Opens the scope of one portable operation, before its first attempt; the portable layer ends it with
     * {@link Scope#end} once the outcome is known (after {@link #succeeded} or {@link #failed}) and detaches it
     * from the calling thread with {@link Scope#close} (for an asynchronous call, right after the first attempt
     * started). A tracer starts a span here and makes it current, so trace context a driver call sends
     * ({@link #outgoingContext()}) has this span as parent.
     *
     * @param provider the provider id
     * @param kind the building block
     * @param resource the portable resource name, or empty
     * @param operation the portable operation
     * @return the scope; {@link Scope#NONE} by default
     */
    default Scope start(String provider, String kind, String resource, String operation) {
        return Scope.NONE;
    }

    /**
     * Opens the scope of handling one incoming message, batch, function invocation or gateway request, continuing
     * the trace context found in {@code carrier} (message attributes or HTTP headers, looked up by the W3C names
     * {@code traceparent} and {@code tracestate}; a missing or malformed context starts a new trace). The caller
     * closes it on the thread that opened it, after calling {@link Scope#end}.
     *
     * @param provider the provider id
     * @param kind {@code queue}, {@code subscription}, {@code function} or {@code gateway}
     * @param resource the portable resource name (queue, {@code topic/subscription}, function or gateway name)
     * @param operation {@code process} for messages, {@code invoke} for functions, the route template for gateways
     *     (function invocations and gateway requests reach here only through the defaults of
     *     {@link #startInvocation} and {@link #startRequest})
     * @param carrier where the incoming trace context is, keyed by attribute or lower-case header name
     * @return the scope; {@link Scope#NONE} by default
     */
    default Scope startHandling(String provider, String kind, String resource, String operation,
                                Map<String, String> carrier) {
        return Scope.NONE;
    }

    /**
     * Opens the scope of one function invocation run by a Polycloud function runtime (the local runtime or a
     * cloud adapter: Lambda, Cloud Functions, Azure Functions). A tracer starts the function's span here, a child
     * of the trace context of the first carrier and linked to the others, of kind {@code CONSUMER} for message
     * and data-source triggers and {@code SERVER} otherwise. The caller closes it on the thread that opened it,
     * after calling {@link Scope#end}. The default calls {@link #startHandling} with kind {@code function},
     * operation {@code invoke} and the first carrier (or none).
     *
     * @param provider the provider id
     * @param function the portable function name
     * @param trigger what triggered it, as OpenTelemetry's {@code faas.trigger}: {@code http}, {@code pubsub}
     *     (messages), {@code datasource} (table or bucket changes), {@code timer} (schedules) or {@code other}
     *     (a direct invocation)
     * @param invocationId the invocation id (the cloud's request id); an id, not a metric tag
     * @param carriers the trace contexts that came with the invocation: the request headers (lower-case names)
     *     for {@code http}, each message's attributes for {@code pubsub}; empty when there are none
     * @return the scope; by default what {@link #startHandling} returns
     */
    default Scope startInvocation(String provider, String function, String trigger, String invocationId,
                                  java.util.List<Map<String, String>> carriers) {
        return startHandling(provider, "function", function, "invoke", carriers.isEmpty() ? Map.of()
                : carriers.get(0));
    }

    /**
     * Opens the scope of one gateway request, continuing the trace context of its {@code traceparent} header: a
     * tracer starts a {@code SERVER} span with the HTTP semantic conventions ({@code http.request.method},
     * {@code http.route}; the status arrives through {@link Scope#httpStatus}). The caller closes it on the
     * thread that opened it, after {@link Scope#end}. The default calls {@link #startHandling} with kind
     * {@code gateway} and the route as operation.
     *
     * @param provider the provider id
     * @param gateway the gateway name (or, on a cloud adapter that does not know it, the function name)
     * @param method the HTTP method, upper case
     * @param route the matched route template, or {@code unmatched}; never the request path
     * @param headers the request headers, by lower-case name (first value)
     * @return the scope; by default what {@link #startHandling} returns
     */
    default Scope startRequest(String provider, String gateway, String method, String route,
                               Map<String, String> headers) {
        return startHandling(provider, "gateway", gateway, route, headers);
    }

    /**
     * The trace context a message sent now should carry, as attributes to add ({@code traceparent} and, when
     * there is one, {@code tracestate}); empty when there is nothing to propagate. Called by the portable layer
     * inside an operation's scope ({@link #start}), on the thread that makes the driver call.
     *
     * @return the attributes to add; empty by default
     */
    default Map<String, String> outgoingContext() {
        return Map.of();
    }

    /**
     * What the portable layer holds while an operation or a handling runs. Not thread-safe: {@link #close} runs on
     * the thread that opened the scope; {@link #end} runs once, on any thread.
     */
    interface Scope extends AutoCloseable {

        /** The scope that does nothing. */
        Scope NONE = new Scope() {
            @Override
            public void end(ErrorCode code) {
            }

            @Override
            public void close() {
            }
        };

        /**
         * Records the outcome; called once.
         *
         * @param code the portable error code of the failure, or {@code null} for success
         */
        void end(ErrorCode code);

        /**
         * Adds a link to the trace context in {@code carrier} (a received message's attributes): a receive
         * operation links its span to the producers of the messages it returned, before {@link #end}. Does
         * nothing by default, or when the carrier has no valid context.
         *
         * @param carrier the message attributes carrying {@code traceparent}/{@code tracestate}
         */
        default void link(Map<String, String> carrier) {
        }

        /**
         * Records the HTTP status a request scope ({@link OperationObserver#startRequest}) answered, before
         * {@link #end}. Does nothing by default.
         *
         * @param status the HTTP status code
         */
        default void httpStatus(int status) {
        }

        /** Detaches the scope from the current thread (it stays open until {@link #end}); must not throw. */
        @Override
        void close();
    }
}

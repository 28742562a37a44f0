package dev.polycloud.opentelemetry;

import dev.polycloud.ErrorCode;
import dev.polycloud.spi.OperationObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Traces every portable operation of a cloud with OpenTelemetry, and carries the trace across messages,
 * function triggers and gateway requests:
 *
 * <pre>{@code
 * OpenTelemetry otel = ...; // your SDK, or GlobalOpenTelemetry.get()
 * try (Cloud cloud = Polycloud.builder().observer(new OpenTelemetryObserver(otel)).open()) { ... }
 * }</pre>
 *
 * <p>Spans (instrumentation scope {@value #SCOPE}):
 * <ul>
 *   <li>one per portable operation, named {@code "<operation> <resource>"} ({@code send orders},
 *       {@code get customers}): {@code PRODUCER} for {@code send}/{@code publish}, {@code CLIENT} otherwise.
 *       Queues, topics and subscriptions follow the messaging semantic conventions
 *       ({@code messaging.system} = {@code aws_sqs}, {@code aws_sns}, {@code gcp_pubsub},
 *       {@code azure_storage_queues}, {@code servicebus} or {@code polycloud_local};
 *       {@code messaging.destination.name}; {@code messaging.operation.name}), tables the database ones
 *       ({@code db.system} = {@code dynamodb}, {@code firestore}, {@code azure_tables} or {@code polycloud_local};
 *       {@code db.collection.name}; {@code db.operation.name}); every span has {@code polycloud.provider},
 *       {@code polycloud.kind}, {@code polycloud.resource} and {@code polycloud.operation};</li>
 *   <li>one per handling of an incoming message by a managed listener ({@code process <resource>},
 *       {@code CONSUMER}; a batch's span is the child of its first message's producer and links every
 *       message's producer);</li>
 *   <li>one per function invocation run by a Polycloud runtime, local or cloud adapter ({@code invoke <function>}),
 *       whose parent is the trace context the trigger carried: {@code CONSUMER} for messages and table changes,
 *       {@code SERVER} otherwise, with {@code faas.trigger}, {@code faas.invocation_id} and
 *       {@code faas.invoked_name};</li>
 *   <li>one per gateway request ({@code <METHOD> <route>}, {@code SERVER}), continuing the request's
 *       {@code traceparent} header, with {@code http.request.method}, {@code http.route} and
 *       {@code http.response.status_code}; a 5xx answer is an error with the status as {@code error.type}.</li>
 * </ul>
 * A pull {@code receive} span links to the producer of every message it returned.
 * A failed operation's span has status {@code ERROR} with the portable {@link ErrorCode} name as description and
 * as {@code error.type}.
 *
 * <p>Propagation uses W3C Trace Context whatever propagators the {@code OpenTelemetry} instance has: a message sent
 * inside a span gets the attributes {@code traceparent} (and {@code tracestate} when not empty), added by the
 * portable layer after validation only when they fit under the provider's attribute and size limits (see
 * {@code dev.polycloud.internal.TraceContext}); consumers see them among the received attributes. Incoming HTTP
 * requests are continued from their {@code traceparent} header. A pull {@code receive} does not continue the
 * producers' traces (it returns many messages; it links to them); managed listeners and function triggers do.
 *
 * <p>Thread-safe. With an OpenTelemetry instance that does not sample, spans are not recorded and nothing is
 * propagated.
 */
public final class OpenTelemetryObserver implements OperationObserver {

    /** The instrumentation scope name of Polycloud's spans. */
    public static final String SCOPE = "dev.polycloud";

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> MESSAGING_OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");
    static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> FAAS_INVOKED_NAME = AttributeKey.stringKey("faas.invoked_name");
    static final AttributeKey<String> FAAS_TRIGGER = AttributeKey.stringKey("faas.trigger");
    static final AttributeKey<String> FAAS_INVOCATION_ID = AttributeKey.stringKey("faas.invocation_id");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("polycloud.provider");
    static final AttributeKey<String> KIND = AttributeKey.stringKey("polycloud.kind");
    static final AttributeKey<String> RESOURCE = AttributeKey.stringKey("polycloud.resource");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("polycloud.operation");

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    /**
     * An observer creating spans with the given OpenTelemetry's tracer provider.
     *
     * @param openTelemetry the OpenTelemetry instance
     * @throws NullPointerException when {@code openTelemetry} is null
     */
    public OpenTelemetryObserver(OpenTelemetry openTelemetry) {
        this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE);
    }

    /**
     * Starts the span of a portable operation and makes it current on the calling thread.
     */
    @Override
    public Scope start(String provider, String kind, String resource, String operation) {
        boolean producer = operation.equals("send") || operation.equals("publish");
        SpanBuilder builder = tracer.spanBuilder(resource.isEmpty() ? operation + " " + kind
                        : operation + " " + resource)
                .setSpanKind(producer ? SpanKind.PRODUCER : SpanKind.CLIENT);
        common(builder, provider, kind, resource, operation);
        switch (kind) {
            case "queue", "topic", "subscription" -> builder
                    .setAttribute(MESSAGING_SYSTEM, messagingSystem(provider, kind))
                    .setAttribute(MESSAGING_DESTINATION, resource)
                    .setAttribute(MESSAGING_OPERATION, operation)
                    .setAttribute(MESSAGING_OPERATION_TYPE, operationType(operation));
            case "table" -> builder
                    .setAttribute(DB_SYSTEM, dbSystem(provider))
                    .setAttribute(DB_COLLECTION, resource)
                    .setAttribute(DB_OPERATION, operation);
            case "function" -> builder.setAttribute(FAAS_INVOKED_NAME, resource);
            default -> { }
        }
        return new SpanScope(builder.startSpan());
    }

    /**
     * Starts the span of handling an incoming message or invocation as a child of the context in
     * {@code carrier}, and makes it current on the calling thread.
     */
    @Override
    public Scope startHandling(String provider, String kind, String resource, String operation,
                               Map<String, String> carrier) {
        Context parent = extract(carrier);
        boolean message = kind.equals("queue") || kind.equals("subscription");
        SpanBuilder builder = tracer.spanBuilder(operation + " " + resource)
                .setParent(parent)
                .setSpanKind(message ? SpanKind.CONSUMER : SpanKind.SERVER);
        common(builder, provider, kind, resource, operation);
        if (message) {
            builder.setAttribute(MESSAGING_SYSTEM, messagingSystem(provider, kind))
                    .setAttribute(MESSAGING_DESTINATION, resource)
                    .setAttribute(MESSAGING_OPERATION, operation)
                    .setAttribute(MESSAGING_OPERATION_TYPE, "process");
        } else if (kind.equals("function")) {
            builder.setAttribute(FAAS_INVOKED_NAME, resource);
        }
        return new SpanScope(builder.startSpan());
    }

    /**
     * Starts the span of a function invocation run by a Polycloud runtime or cloud adapter, named
     * {@code invoke <function>}: a child of the first carrier's context and linked to every carrier's context (the
     * messages of a batch); {@code CONSUMER} for {@code pubsub} and {@code datasource} triggers, {@code SERVER}
     * otherwise; with {@code faas.trigger}, {@code faas.invocation_id} and {@code faas.invoked_name}.
     */
    @Override
    public Scope startInvocation(String provider, String function, String trigger, String invocationId,
                                 List<Map<String, String>> carriers) {
        Context parent = carriers.isEmpty() ? Context.root() : extract(carriers.get(0));
        boolean consumer = trigger.equals("pubsub") || trigger.equals("datasource");
        SpanBuilder builder = tracer.spanBuilder("invoke " + function)
                .setParent(parent)
                .setSpanKind(consumer ? SpanKind.CONSUMER : SpanKind.SERVER);
        common(builder, provider, "function", function, "invoke");
        builder.setAttribute(FAAS_INVOKED_NAME, function)
                .setAttribute(FAAS_TRIGGER, trigger)
                .setAttribute(FAAS_INVOCATION_ID, invocationId);
        if (carriers.size() > 1) {
            for (Map<String, String> carrier : carriers) {
                SpanContext linked = Span.fromContext(extract(carrier)).getSpanContext();
                if (linked.isValid()) {
                    builder.addLink(linked);
                }
            }
        }
        return new SpanScope(builder.startSpan());
    }

    /**
     * Starts the {@code SERVER} span of a gateway request, named {@code <method> <route>}, continuing the
     * request's {@code traceparent} header, with {@code http.request.method}, {@code http.route} and (when it
     * ends) {@code http.response.status_code}; a 5xx answer sets status {@code ERROR} with the status code as
     * {@code error.type}.
     */
    @Override
    public Scope startRequest(String provider, String gateway, String method, String route,
                              Map<String, String> headers) {
        SpanBuilder builder = tracer.spanBuilder(method + " " + route)
                .setParent(extract(headers))
                .setSpanKind(SpanKind.SERVER);
        common(builder, provider, "gateway", gateway, route);
        builder.setAttribute(HTTP_METHOD, method).setAttribute(HTTP_ROUTE, route);
        return new RequestScope(builder.startSpan());
    }

    private static Context extract(Map<String, String> carrier) {
        return carrier == null || carrier.isEmpty() ? Context.root() : W3C.extract(Context.root(), carrier, GETTER);
    }

    /**
     * The W3C trace context of the current span, when there is a valid one.
     */
    @Override
    public Map<String, String> outgoingContext() {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            return Map.of();
        }
        Map<String, String> carrier = new HashMap<>(4);
        W3C.inject(current, carrier, (map, key, value) -> {
            if (map != null && value != null && !value.isEmpty()) {
                map.put(key, value);
            }
        });
        return carrier;
    }

    private static void common(SpanBuilder builder, String provider, String kind, String resource, String operation) {
        builder.setAttribute(PROVIDER, provider)
                .setAttribute(KIND, kind)
                .setAttribute(RESOURCE, resource)
                .setAttribute(OPERATION, operation);
    }

    /**
     * The {@code messaging.system} of a provider's queue, topic or subscription.
     *
     * @param provider the provider id
     * @param kind {@code queue}, {@code topic} or {@code subscription}
     * @return the semantic-convention value
     */
    static String messagingSystem(String provider, String kind) {
        return switch (provider) {
            case "aws" -> kind.equals("topic") ? "aws_sns" : "aws_sqs";
            case "gcp" -> "gcp_pubsub";
            case "azure" -> kind.equals("queue") ? "azure_storage_queues" : "servicebus";
            case "local" -> "polycloud_local";
            default -> provider;
        };
    }

    /**
     * The {@code db.system} of a provider's tables.
     *
     * @param provider the provider id
     * @return the semantic-convention value
     */
    static String dbSystem(String provider) {
        return switch (provider) {
            case "aws" -> "dynamodb";
            case "gcp" -> "firestore";
            case "azure" -> "azure_tables";
            case "local" -> "polycloud_local";
            default -> provider;
        };
    }

    private static String operationType(String operation) {
        return switch (operation) {
            case "send", "publish" -> "send";
            case "receive" -> "receive";
            case "ack", "nack", "extendLease" -> "settle";
            default -> operation;
        };
    }

    @Override
    public String toString() {
        return "OpenTelemetryObserver[" + tracer + "]";
    }

    /** A span, current on the opening thread until {@link #close}, ended by {@link #end}. */
    private static class SpanScope implements Scope {
        final Span span;
        private final io.opentelemetry.context.Scope current;

        SpanScope(Span span) {
            this.span = span;
            this.current = span.makeCurrent();
        }

        /** Links the span to the context in the carrier (a received message's producer), when valid. */
        @Override
        public void link(Map<String, String> carrier) {
            SpanContext linked = Span.fromContext(extract(carrier)).getSpanContext();
            if (linked.isValid()) {
                span.addLink(linked);
            }
        }

        @Override
        public void end(ErrorCode code) {
            if (code != null) {
                span.setStatus(StatusCode.ERROR, code.name());
                span.setAttribute(ERROR_TYPE, code.name());
            }
            span.end();
        }

        @Override
        public void close() {
            current.close();
        }
    }

    /** A gateway request's span: its outcome is the HTTP status (5xx is an error), not a portable code. */
    private static final class RequestScope extends SpanScope {
        private int status;

        RequestScope(Span span) {
            super(span);
        }

        @Override
        public void httpStatus(int status) {
            this.status = status;
            span.setAttribute(HTTP_STATUS, (long) status);
        }

        @Override
        public void end(ErrorCode code) {
            if (status >= 500 || (status == 0 && code != null)) {
                String type = status == 0 ? code.name() : Integer.toString(status);
                span.setStatus(StatusCode.ERROR, type);
                span.setAttribute(ERROR_TYPE, type);
            }
            span.end();
        }
    }
}

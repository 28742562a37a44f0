package dev.polycloud.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.message.Message;
import dev.polycloud.micrometer.MicrometerObserver;
import dev.polycloud.opentelemetry.OpenTelemetryObserver;
import dev.polycloud.queue.Queue;
import dev.polycloud.spi.OperationObserver;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Metrics and traces of the example flow (issue 12): a cloud opened with {@code MicrometerObserver} on a
 * {@link SimpleMeterRegistry} and {@code OpenTelemetryObserver} on OpenTelemetry's in-memory span exporter
 * publishes on a topic; a listener on a subscription forwards to a queue; the queue is consumed by a triggered
 * function where the runner's handlers run in process (local), by a listener otherwise. The trace id must be the
 * same at every hop, the meters must count the messages, and failures must carry the portable code. Needs the
 * target's explicit configuration (skips otherwise) and topics (skips when the provider has none).
 */
public abstract class ObservabilityConformance extends ConformanceSuite {

    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");

    /** The trace ids the triggered function ran in. */
    static final BlockingQueue<String> FUNCTION_TRACES = new LinkedBlockingQueue<>();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private OpenTelemetrySdk otel;
    private Cloud observed;

    /**
     * The {@code messaging.system} the provider's queues carry.
     *
     * @return for example {@code aws_sqs}
     */
    protected abstract String queueMessagingSystem();

    @BeforeAll
    void openObserved() {
        Optional<Map<String, String>> config = target().configuration();
        if (config.isEmpty()) {
            return;
        }
        otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        observed = Polycloud.builder()
                .config(PolycloudConfig.builder().setAll(config.get()).build())
                .observer(OperationObserver.all(new MicrometerObserver(registry), new OpenTelemetryObserver(otel)))
                .open();
    }

    @AfterAll
    void closeObserved() {
        if (observed != null) {
            observed.close();
        }
        if (otel != null) {
            otel.close();
        }
    }

    private void assumeObserved() {
        assumeTrue(observed != null, "the target lists no explicit configuration to open an observed cloud with");
    }

    private SpanData span(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span '" + name + "' in "
                        + exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList()));
    }

    private double counter(String name, String kind, String resource) {
        Counter c = registry.find(name).tags("kind", kind, "resource", resource).counter();
        return c == null ? 0 : c.count();
    }

    private boolean inProcessFunctions() {
        return observed.provider().equals("local") && observed.capabilities().functions().supported()
                && observed.capabilities().functions().queueTriggers();
    }

    @Nested
    @DisplayName("the example flow topic → subscription → queue → consumer")
    class Flow {

        @Test
        @DisplayName("keeps one trace id at every hop, counts the messages, and tags spans with the messaging system")
        void oneTrace() throws Exception {
            assumeObserved();
            assumeTrue(observed.capabilities().topics().supported(), "provider has no topics");
            Topic topic = observed.topic(uniqueName("ot"));
            afterwards(topic::delete);
            topic.create();
            Subscription sub = topic.subscription(uniqueName("os"));
            afterwards(sub::delete);
            sub.create();
            Queue queue = observed.queue(uniqueName("oq"));
            afterwards(queue::delete);
            queue.create();
            BlockingQueue<String> consumerTraces = new LinkedBlockingQueue<>();
            Listener forward = sub.listen(m -> queue.send(m.bodyAsString()), ListenerOptions.defaults());
            Listener consume = null;
            String function = null;
            Trigger trigger = null;
            if (inProcessFunctions()) {
                function = uniqueName("ofn");
                observed.functions().deploy(FunctionSpec.builder(function, TraceRecorder.class).build());
                String fn = function;
                afterwards(() -> observed.functions().delete(fn));
                trigger = observed.functions().bind(function, TriggerSource.queue(queue.name()), 1);
            } else {
                consume = queue.listen(m -> consumerTraces.add(Span.current().getSpanContext().getTraceId()),
                        ListenerOptions.defaults());
            }
            Span root = otel.getTracer("conformance").spanBuilder("request").startSpan();
            String trace = root.getSpanContext().getTraceId();
            try {
                try (Scope ignored = root.makeCurrent()) {
                    topic.publish(Message.of("traced"));
                } finally {
                    root.end();
                }
                BlockingQueue<String> arrivals = function != null ? FUNCTION_TRACES : consumerTraces;
                String seen = null;
                long deadline = System.nanoTime() + target().patience().toNanos();
                while (System.nanoTime() < deadline) {
                    String t = arrivals.poll(100, TimeUnit.MILLISECONDS);
                    if (trace.equals(t)) {
                        seen = t;
                        break;
                    }
                }
                assertThat(seen).as("the consumer ran in the publisher's trace").isEqualTo(trace);
            } finally {
                forward.stop(Duration.ofSeconds(10));
                if (consume != null) {
                    consume.stop(Duration.ofSeconds(10));
                }
                if (trigger != null) {
                    observed.functions().unbind(trigger);
                }
            }
            String subName = topic.name() + "/" + sub.name();
            String last = function != null ? "invoke " + function : "process " + queue.name();
            eventually(() -> exporter.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals(last)),
                    found -> found);
            List<String> hops = List.of("publish " + topic.name(), "process " + subName, "send " + queue.name(), last);
            for (String hop : hops) {
                assertThat(span(hop).getTraceId()).as(hop).isEqualTo(trace);
            }
            assertThat(span("process " + subName).getParentSpanId()).isEqualTo(span("publish " + topic.name())
                    .getSpanId());
            assertThat(span(last).getParentSpanId()).isEqualTo(span("send " + queue.name()).getSpanId());
            assertThat(span("send " + queue.name()).getAttributes().get(MESSAGING_SYSTEM))
                    .isEqualTo(queueMessagingSystem());
            assertThat(span("send " + queue.name()).getAttributes().get(DESTINATION)).isEqualTo(queue.name());

            assertThat(counter("polycloud.messages.sent", "topic", topic.name())).isEqualTo(1.0);
            assertThat(counter("polycloud.messages.sent", "queue", queue.name())).isEqualTo(1.0);
            assertThat(counter("polycloud.messages.received", "subscription", subName)).isGreaterThanOrEqualTo(1.0);
            assertThat(eventually(() -> counter("polycloud.messages.acked", "subscription", subName), n -> n >= 1))
                    .isGreaterThanOrEqualTo(1.0);
            assertThat(registry.find(MicrometerObserver.HANDLER).tags("resource", subName, "outcome", "success")
                    .timer().count()).isGreaterThanOrEqualTo(1);
            assertThat(registry.find(MicrometerObserver.OPERATION).tags("kind", "topic", "resource", topic.name(),
                    "operation", "publish", "outcome", "success").timer().count()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("a gateway request")
    class GatewayRequest {

        @Test
        @DisplayName("continues the incoming traceparent in a SERVER span with method, route and status, the"
                + " function's span its child, and is timed by route and status")
        void continuesTrace() throws Exception {
            assumeObserved();
            assumeTrue(observed.provider().equals("local") && observed.capabilities().gateways().supported()
                    && observed.capabilities().functions().supported(),
                    "needs gateways serving in-process functions (local provider)");
            String function = uniqueName("ogf");
            observed.functions().deploy(FunctionSpec.builder(function, HttpTraceRecorder.class).build());
            afterwards(() -> observed.functions().delete(function));
            dev.polycloud.gateway.Gateway gateway = observed.gateway(uniqueName("ogw"));
            gateway.deploy(dev.polycloud.gateway.GatewaySpec.builder().route("GET /items/{id}", function).build());
            afterwards(gateway::delete);
            String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
            String parent = "00f067aa0ba902b7";
            FUNCTION_TRACES.clear();
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(gateway.uri().orElseThrow().resolve("items/7"))
                            .header("traceparent", "00-" + trace + "-" + parent + "-01").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            String route = "GET /items/{id}";
            eventually(() -> exporter.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals(route)),
                    found -> found);
            SpanData request = span(route);
            assertThat(request.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.SERVER);
            assertThat(request.getTraceId()).isEqualTo(trace);
            assertThat(request.getParentSpanId()).isEqualTo(parent);
            assertThat(request.getAttributes().get(AttributeKey.stringKey("http.request.method"))).isEqualTo("GET");
            assertThat(request.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/items/{id}");
            assertThat(request.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
            SpanData invoke = span("invoke " + function);
            assertThat(invoke.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(FUNCTION_TRACES.poll(5, TimeUnit.SECONDS)).isEqualTo(trace);
            assertThat(eventually(() -> {
                io.micrometer.core.instrument.Timer t = registry.find(MicrometerObserver.GATEWAY)
                        .tags("gateway", gateway.name(), "route", "/items/{id}", "status", "200").timer();
                return t == null ? 0L : t.count();
            }, n -> n >= 1)).isEqualTo(1L);
        }
    }

    @Nested
    @DisplayName("one queue hop")
    class QueueHop {

        @Test
        @DisplayName("a queue listener runs in the sender's trace, child of the send span, and the meters count it")
        void queueHop() throws Exception {
            assumeObserved();
            Queue queue = observed.queue(uniqueName("oh"));
            afterwards(queue::delete);
            queue.create();
            BlockingQueue<String> traces = new LinkedBlockingQueue<>();
            Listener consume = queue.listen(m -> traces.add(Span.current().getSpanContext().getTraceId()),
                    ListenerOptions.defaults());
            Span root = otel.getTracer("conformance").spanBuilder("request").startSpan();
            String trace = root.getSpanContext().getTraceId();
            try {
                try (Scope ignored = root.makeCurrent()) {
                    queue.send("traced");
                } finally {
                    root.end();
                }
                assertThat(traces.poll(target().patience().toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(trace);
            } finally {
                consume.stop(Duration.ofSeconds(10));
            }
            String process = "process " + queue.name();
            eventually(() -> exporter.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals(process)),
                    found -> found);
            assertThat(span(process).getParentSpanId()).isEqualTo(span("send " + queue.name()).getSpanId());
            assertThat(span(process).getAttributes().get(MESSAGING_SYSTEM)).isEqualTo(queueMessagingSystem());
            assertThat(counter("polycloud.messages.sent", "queue", queue.name())).isEqualTo(1.0);
            assertThat(counter("polycloud.messages.received", "queue", queue.name())).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Nested
    @DisplayName("a failing operation")
    class Failure {

        @Test
        @DisplayName("has an ERROR span and an outcome tag carrying the portable code")
        void error() {
            assumeObserved();
            String missing = uniqueName("missing");
            assertThatThrownBy(() -> observed.queue(missing).send("x")).isInstanceOf(CloudException.class)
                    .extracting(e -> ((CloudException) e).code().name()).isEqualTo("NOT_FOUND");
            SpanData send = span("send " + missing);
            assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(send.getStatus().getDescription()).isEqualTo("NOT_FOUND");
            assertThat(registry.find(MicrometerObserver.OPERATION).tags("resource", missing, "outcome", "NOT_FOUND")
                    .timer().count()).isEqualTo(1);
        }
    }

    /** The queue-triggered function of the flow on in-process runtimes: records the trace it runs in. */
    public static final class TraceRecorder implements FunctionHandler<MessageBatch, BatchResult> {

        /** Creates the handler (the runtime instantiates it). */
        public TraceRecorder() {
        }

        /**
         * Records the current trace id.
         *
         * @param input the batch
         * @param context the invocation context
         * @return success
         */
        @Override
        public BatchResult handle(MessageBatch input, FunctionContext context) {
            FUNCTION_TRACES.add(Span.current().getSpanContext().getTraceId());
            return BatchResult.success();
        }
    }

    /** An HTTP function that records the trace it runs in; public with a no-argument constructor for the runtime. */
    public static final class HttpTraceRecorder implements FunctionHandler<dev.polycloud.function.HttpRequest,
            dev.polycloud.function.HttpResponse> {

        /** Created by the function runtime. */
        public HttpTraceRecorder() {
        }

        /**
         * Records the current trace id.
         *
         * @param input the request
         * @param context the invocation context
         * @return 200
         */
        @Override
        public dev.polycloud.function.HttpResponse handle(dev.polycloud.function.HttpRequest input,
                                                          FunctionContext context) {
            FUNCTION_TRACES.add(Span.current().getSpanContext().getTraceId());
            return dev.polycloud.function.HttpResponse.ok("item " + input.pathParameters().get("id"));
        }
    }
}

package dev.polycloud.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.Topic;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("OpenTelemetryObserver on the local provider")
class OpenTelemetryObserverTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    private final Cloud cloud = Polycloud.builder()
            .config(PolycloudConfig.builder().provider("local").build())
            .observer(new OpenTelemetryObserver(otel))
            .open();

    @AfterEach
    void close() {
        cloud.close();
        otel.close();
    }

    private SpanData span(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + names()));
    }

    private List<String> names() {
        return exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList();
    }

    @Nested
    @DisplayName("for one operation")
    class Operations {

        @Test
        @DisplayName("a send is a PRODUCER span with the messaging attributes, child of the caller's span")
        void send() {
            Queue q = cloud.queue("orders").create();
            Span parent = otel.getTracer("test").spanBuilder("caller").startSpan();
            try (Scope ignored = parent.makeCurrent()) {
                q.send("one");
            } finally {
                parent.end();
            }
            SpanData send = span("send orders");
            assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(send.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
            assertThat(send.getAttributes().get(OpenTelemetryObserver.MESSAGING_SYSTEM)).isEqualTo("polycloud_local");
            assertThat(send.getAttributes().get(OpenTelemetryObserver.MESSAGING_DESTINATION)).isEqualTo("orders");
            assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        }

        @Test
        @DisplayName("a failed operation has status ERROR with the portable code")
        void error() {
            assertThatThrownBy(() -> cloud.queue("missing").send("x")).isInstanceOf(CloudException.class);
            SpanData send = span("send missing");
            assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(send.getStatus().getDescription()).isEqualTo(ErrorCode.NOT_FOUND.name());
            assertThat(send.getAttributes().get(OpenTelemetryObserver.ERROR_TYPE)).isEqualTo("NOT_FOUND");
        }

        @Test
        @DisplayName("a table operation has the database attributes")
        void table() {
            var t = cloud.table("customers").createTable(dev.polycloud.table.TableSchema.of("id",
                    dev.polycloud.table.KeyType.STRING));
            t.get(dev.polycloud.table.Key.of("a"));
            SpanData get = span("get customers");
            assertThat(get.getAttributes().get(OpenTelemetryObserver.DB_SYSTEM)).isEqualTo("polycloud_local");
            assertThat(get.getAttributes().get(OpenTelemetryObserver.DB_COLLECTION)).isEqualTo("customers");
            assertThat(get.getKind()).isEqualTo(SpanKind.CLIENT);
        }
    }

    @Nested
    @DisplayName("across messages")
    class Propagation {

        @Test
        @DisplayName("a sent message carries traceparent, and a listener's process span continues that trace")
        void listener() throws Exception {
            Queue q = cloud.queue("work").create();
            Map<String, String> seen = new ConcurrentHashMap<>();
            CountDownLatch handled = new CountDownLatch(1);
            Listener l = q.listen(m -> {
                seen.put("trace", Span.current().getSpanContext().getTraceId());
                seen.putAll(m.attributes());
                handled.countDown();
            }, ListenerOptions.defaults());
            Span root = otel.getTracer("test").spanBuilder("request").startSpan();
            try (Scope ignored = root.makeCurrent()) {
                q.send(Message.builder().body("job").attribute("user", "x").build());
            } finally {
                root.end();
            }
            assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
            l.stop(Duration.ofSeconds(5));
            assertThat(seen.get("trace")).isEqualTo(root.getSpanContext().getTraceId());
            assertThat(seen).containsKey("traceparent").containsEntry("user", "x");
            SpanData process = span("process work");
            assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(process.getParentSpanId()).isEqualTo(span("send work").getSpanId());
        }

        @Test
        @DisplayName("one trace goes topic → subscription listener → queue → triggered function")
        void flow() throws Exception {
            Topic topic = cloud.topic("events").create();
            Subscription sub = topic.subscription("audit").create();
            Queue q = cloud.queue("jobs").create();
            cloud.functions().deploy(FunctionSpec.builder("worker", Worker.class).build());
            cloud.functions().bind("worker", TriggerSource.queue("jobs"), 1);
            Listener l = sub.listen(m -> q.send(m.bodyAsString()), ListenerOptions.defaults());
            Span root = otel.getTracer("test").spanBuilder("request").startSpan();
            try (Scope ignored = root.makeCurrent()) {
                topic.publish(Message.of("hello"));
            } finally {
                root.end();
            }
            try {
                assertThat(Worker.TRACES.poll(10, TimeUnit.SECONDS)).isEqualTo(root.getSpanContext().getTraceId());
            } finally {
                l.stop(Duration.ofSeconds(5));
            }
            String trace = root.getSpanContext().getTraceId();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!names().contains("invoke worker") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            for (String name : List.of("publish events", "process events/audit", "send jobs", "invoke worker")) {
                assertThat(span(name).getTraceId()).as(name).isEqualTo(trace);
            }
            System.out.println("Span tree of the flow:\n" + SpanTree.render(exporter.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(trace)).toList()));
            assertThat(span("invoke worker").getParentSpanId()).isEqualTo(span("send jobs").getSpanId());
            assertThat(span("send jobs").getParentSpanId()).isEqualTo(span("process events/audit").getSpanId());
        }

        @Test
        @DisplayName("a message with no room left under the attribute limit is sent without trace context")
        void noRoom() {
            Queue q = cloud.queue("full").create();
            int max = cloud.capabilities().queues().limits().maxAttributes();
            Message.Builder b = Message.builder().body("x");
            for (int i = 0; i < max; i++) {
                b.attribute("a" + i, "v");
            }
            Span root = otel.getTracer("test").spanBuilder("request").startSpan();
            try (Scope ignored = root.makeCurrent()) {
                q.send(b.build());
            } finally {
                root.end();
            }
            ReceivedMessage m = q.receive(1, Duration.ofSeconds(1)).get(0);
            assertThat(m.attributes()).hasSize(max).doesNotContainKey("traceparent");
        }

        @Test
        @DisplayName("without a caller span the message carries its own send span as W3C traceparent")
        void noCallerSpan() {
            Queue q = cloud.queue("plain").create();
            q.send("x");
            SpanData send = span("send plain");
            assertThat(send.getParentSpanContext().isValid()).isFalse();
            assertThat(q.receive(1, Duration.ofSeconds(1)).get(0).attributes())
                    .hasEntrySatisfying("traceparent", v -> assertThat(v)
                            .startsWith("00-" + send.getTraceId() + "-" + send.getSpanId() + "-"));
        }
    }

    @Nested
    @DisplayName("across gateways, functions and batches")
    class Gateways {

        @Test
        @DisplayName("a gateway request continues the incoming traceparent in a SERVER span with the HTTP attributes,"
                + " the function's span is its child, and its publish continues the trace")
        void gateway() throws Exception {
            Topic topic = cloud.topic("orders-placed").create();
            Front.TOPIC = topic;
            cloud.functions().deploy(FunctionSpec.builder("front", Front.class).build());
            var gateway = cloud.gateway("shop");
            gateway.deploy(dev.polycloud.gateway.GatewaySpec.builder().route("POST /orders/{id}", "front").build());
            Span client = otel.getTracer("test").spanBuilder("client").setSpanKind(SpanKind.CLIENT).startSpan();
            String traceparent = "00-" + client.getSpanContext().getTraceId() + "-"
                    + client.getSpanContext().getSpanId() + "-01";
            client.end();
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            gateway.uri().orElseThrow().resolve("orders/42"))
                            .header("traceparent", traceparent)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(201);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!names().contains("POST /orders/{id}") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            SpanData request = span("POST /orders/{id}");
            assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(request.getTraceId()).isEqualTo(client.getSpanContext().getTraceId());
            assertThat(request.getParentSpanId()).isEqualTo(client.getSpanContext().getSpanId());
            assertThat(request.getAttributes().get(OpenTelemetryObserver.HTTP_METHOD)).isEqualTo("POST");
            assertThat(request.getAttributes().get(OpenTelemetryObserver.HTTP_ROUTE)).isEqualTo("/orders/{id}");
            assertThat(request.getAttributes().get(OpenTelemetryObserver.HTTP_STATUS)).isEqualTo(201L);
            assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            SpanData invoke = span("invoke front");
            assertThat(invoke.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(invoke.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(invoke.getAttributes().get(OpenTelemetryObserver.FAAS_TRIGGER)).isEqualTo("http");
            assertThat(span("publish orders-placed").getParentSpanId()).isEqualTo(invoke.getSpanId());
            System.out.println("Span tree of the gateway request:\n" + SpanTree.render(exporter.getFinishedSpanItems()
                    .stream().filter(s -> s.getTraceId().equals(request.getTraceId())).toList()));
        }

        @Test
        @DisplayName("a gateway answer of 5xx marks the request span ERROR with the status as error.type")
        void gatewayError() throws Exception {
            cloud.functions().deploy(FunctionSpec.builder("broken", Broken.class).build());
            var gateway = cloud.gateway("failing");
            gateway.deploy(dev.polycloud.gateway.GatewaySpec.builder().route("GET /boom", "broken").build());
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            gateway.uri().orElseThrow().resolve("boom")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(502);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!names().contains("GET /boom") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            SpanData request = span("GET /boom");
            assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(request.getAttributes().get(OpenTelemetryObserver.ERROR_TYPE)).isEqualTo("502");
            assertThat(span("invoke broken").getStatus().getDescription()).isEqualTo("FUNCTION_FAILED");
        }

        @Test
        @DisplayName("a queue-triggered function's span is a CONSUMER with faas.trigger=pubsub and the invocation id")
        void triggered() throws Exception {
            Queue q = cloud.queue("tasks").create();
            cloud.functions().deploy(FunctionSpec.builder("worker", Worker.class).build());
            cloud.functions().bind("worker", TriggerSource.queue("tasks"), 1);
            q.send("x");
            assertThat(Worker.TRACES.poll(10, TimeUnit.SECONDS)).isNotNull();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!names().contains("invoke worker") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            SpanData invoke = span("invoke worker");
            assertThat(invoke.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(invoke.getAttributes().get(OpenTelemetryObserver.FAAS_TRIGGER)).isEqualTo("pubsub");
            assertThat(invoke.getAttributes().get(OpenTelemetryObserver.FAAS_INVOCATION_ID)).isNotBlank();
            assertThat(invoke.getParentSpanId()).isEqualTo(span("send tasks").getSpanId());
        }

        @Test
        @DisplayName("a receive of N messages links its span to the N producers' spans")
        void receiveLinks() {
            Queue q = cloud.queue("pulled").create();
            List<String> producers = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Span root = otel.getTracer("test").spanBuilder("producer " + i).startSpan();
                try (Scope ignored = root.makeCurrent()) {
                    q.send("m" + i);
                } finally {
                    root.end();
                }
            }
            exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("send pulled"))
                    .forEach(s -> producers.add(s.getSpanId()));
            assertThat(q.receive(3, Duration.ofSeconds(1))).hasSize(3);
            SpanData receive = span("receive pulled");
            assertThat(receive.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
                    .containsExactlyInAnyOrderElementsOf(producers);
            assertThat(receive.getParentSpanContext().isValid()).isFalse();
        }

        @Test
        @DisplayName("a batch listener's process span is the first producer's child and links every producer")
        void batchLinks() throws Exception {
            Queue q = cloud.queue("batched").create();
            List<String> producers = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                q.send("m" + i);
            }
            exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("send batched"))
                    .forEach(s -> producers.add(s.getSpanId()));
            CountDownLatch handled = new CountDownLatch(1);
            Listener l = q.listenBatch(batch -> {
                handled.countDown();
                return BatchResult.success();
            }, ListenerOptions.builder().batchSize(3).build());
            try {
                assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                l.stop(Duration.ofSeconds(5));
            }
            SpanData process = exporter.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("process batched")).findFirst().orElseThrow();
            assertThat(producers).contains(process.getParentSpanId());
            assertThat(process.getLinks()).extracting(x -> x.getSpanContext().getSpanId()).isSubsetOf(producers)
                    .isNotEmpty();
        }
    }

    /** An HTTP function that publishes the order and answers 201. */
    public static final class Front implements FunctionHandler<dev.polycloud.function.HttpRequest,
            dev.polycloud.function.HttpResponse> {
        static volatile Topic TOPIC;

        @Override
        public dev.polycloud.function.HttpResponse handle(dev.polycloud.function.HttpRequest input,
                                                          FunctionContext context) {
            TOPIC.publish(Message.of(input.pathParameters().get("id")));
            return dev.polycloud.function.HttpResponse.of(201, "text/plain", "placed");
        }
    }

    /** An HTTP function that throws. */
    public static final class Broken implements FunctionHandler<dev.polycloud.function.HttpRequest, String> {
        @Override
        public String handle(dev.polycloud.function.HttpRequest input, FunctionContext context) {
            throw new IllegalStateException("boom");
        }
    }

    /** A queue-triggered function that records the trace it runs in. */
    public static final class Worker implements FunctionHandler<MessageBatch, BatchResult> {
        static final java.util.concurrent.BlockingQueue<String> TRACES = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public BatchResult handle(MessageBatch input, FunctionContext context) {
            TRACES.add(Span.current().getSpanContext().getTraceId());
            return BatchResult.success();
        }
    }
}

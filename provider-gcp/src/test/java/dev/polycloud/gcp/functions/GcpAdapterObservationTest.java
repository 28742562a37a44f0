package dev.polycloud.gcp.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.HandlerInvoker;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.gcp.testing.InProcessInvoker;
import dev.polycloud.gcp.testing.InvokerRouter;
import dev.polycloud.opentelemetry.OpenTelemetryObserver;
import dev.polycloud.spi.OperationObserver;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("The Cloud Functions adapters' observation")
class GcpAdapterObservationTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE + "-" + PARENT + "-01";

    static final AtomicReference<Map<String, String>> MDC_SEEN = new AtomicReference<>();
    static final AtomicReference<String> SPAN_SEEN = new AtomicReference<>();

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    private final List<String> gatewayRequests = new CopyOnWriteArrayList<>();

    /** slf4j-simple has no MDC; the test uses SLF4J's basic map-backed adapter to see the keys. */
    @org.junit.jupiter.api.BeforeAll
    static void basicMdc() throws ReflectiveOperationException {
        MDC.getMDCAdapter();
        for (java.lang.reflect.Field f : MDC.class.getDeclaredFields()) {
            if (f.getType() == org.slf4j.spi.MDCAdapter.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                f.set(null, new org.slf4j.helpers.BasicMDCAdapter());
            }
        }
    }

    @BeforeEach
    void observe() {
        HandlerInvoker.observeWith(OperationObserver.all(new OpenTelemetryObserver(otel), new OperationObserver() {
            @Override
            public void gatewayRequest(String provider, String gateway, String method, String route, int status,
                                       long durationNanos) {
                gatewayRequests.add(provider + " " + gateway + " " + method + " " + route + " " + status);
            }
        }));
        MDC_SEEN.set(null);
        SPAN_SEEN.set(null);
    }

    @AfterEach
    void reset() {
        HandlerInvoker.observeWith(OperationObserver.NONE);
        otel.close();
    }

    /** Records the MDC and the current span. */
    public static final class Recording implements FunctionHandler<MessageBatch, BatchResult> {
        @Override
        public BatchResult handle(MessageBatch batch, FunctionContext context) {
            MDC_SEEN.set(MDC.getCopyOfContextMap());
            SPAN_SEEN.set(Span.current().getSpanContext().getSpanId());
            return BatchResult.success();
        }
    }

    /** Records the MDC and the current span of a request. */
    public static final class HttpRecording implements FunctionHandler<HttpRequest, HttpResponse> {
        @Override
        public HttpResponse handle(HttpRequest request, FunctionContext context) {
            MDC_SEEN.set(MDC.getCopyOfContextMap());
            SPAN_SEEN.set(Span.current().getSpanContext().getSpanId());
            return HttpResponse.of(201, "text/plain", "ok " + request.pathParameters().get("id"));
        }
    }

    private SpanData only(String name) {
        List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(spans).as("spans named " + name + " in " + exporter.getFinishedSpanItems()).hasSize(1);
        return spans.get(0);
    }

    /** A Pub/Sub messagePublished CloudEvent (a proxy: the tests have only the CloudEvents API). */
    private static CloudEvent pubsubEvent(String id, Map<String, String> attributes) {
        StringBuilder attrs = new StringBuilder();
        attributes.forEach((k, v) -> attrs.append(attrs.length() == 0 ? "" : ",").append('"').append(k)
                .append("\":\"").append(v).append('"'));
        byte[] data = ("{\"message\":{\"messageId\":\"m-1\",\"data\":\""
                + Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8))
                + "\",\"attributes\":{" + attrs + "}},\"subscription\":\"projects/p/subscriptions/orders--audit\"}")
                .getBytes(StandardCharsets.UTF_8);
        CloudEventData eventData = () -> data;
        return (CloudEvent) Proxy.newProxyInstance(GcpAdapterObservationTest.class.getClassLoader(),
                new Class<?>[] {CloudEvent.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getType" -> PolycloudCloudEventFunction.MESSAGE_PUBLISHED;
                    case "getSource" -> URI.create("//pubsub.googleapis.com/projects/p/topics/orders");
                    case "getData" -> eventData;
                    case "getExtensionNames", "getAttributeNames" -> java.util.Set.of();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "CloudEvent " + id;
                    default -> null;
                });
    }

    @Test
    @DisplayName("a Pub/Sub event runs in a CONSUMER span continuing the message's traceparent, with the MDC keys"
            + " (invocation id = the event id) on the handler's thread, cleared after")
    void pubsub() throws Exception {
        PolycloudCloudEventFunction function = new PolycloudCloudEventFunction(Map.of(
                AdapterConfig.HANDLER, Recording.class.getName(), AdapterConfig.FUNCTION, "audit-fn"));
        function.accept(pubsubEvent("event-7", Map.of("traceparent", TRACEPARENT)));

        SpanData span = only("invoke audit-fn");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("faas.trigger"))).isEqualTo("pubsub");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("faas.invocation_id"))).isEqualTo("event-7");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("polycloud.provider"))).isEqualTo("gcp");
        assertThat(SPAN_SEEN.get()).isEqualTo(span.getSpanId());
        assertThat(MDC_SEEN.get()).containsEntry("polycloud.provider", "gcp")
                .containsEntry("polycloud.resource", "function audit-fn")
                .containsEntry("polycloud.operation", "invoke")
                .containsEntry("polycloud.invocationId", "event-7");
        assertThat(MDC.get("polycloud.provider")).isNull();
    }

    @Test
    @DisplayName("a gateway request continues its traceparent header in a SERVER request span (route, status) whose"
            + " child is the function span, and is timed by route and status")
    void http() throws Exception {
        InvokerRouter.register("orders-http", new PolycloudHttpFunction(Map.of(
                AdapterConfig.HANDLER, HttpRecording.class.getName(), AdapterConfig.FUNCTION, "orders-http")));
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            URI.create(InProcessInvoker.get().baseUrl() + "/orders-http"
                                    + FunctionProtocol.routePath("/orders/{id}") + "/orders/42"))
                            .header("traceparent", TRACEPARENT).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(201);
        } finally {
            InvokerRouter.unregister("orders-http");
        }
        SpanData request = only("GET /orders/{id}");
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getTraceId()).isEqualTo(TRACE);
        assertThat(request.getParentSpanId()).isEqualTo(PARENT);
        assertThat(request.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(201L);
        SpanData invoke = only("invoke orders-http");
        assertThat(invoke.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(invoke.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(SPAN_SEEN.get()).isEqualTo(invoke.getSpanId());
        assertThat(MDC_SEEN.get()).containsEntry("polycloud.resource", "function orders-http");
        assertThat(gatewayRequests).containsExactly("gcp orders-http GET /orders/{id} 201");
    }
}

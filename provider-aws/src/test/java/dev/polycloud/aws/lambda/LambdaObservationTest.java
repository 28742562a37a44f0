package dev.polycloud.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.HandlerInvoker;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.opentelemetry.OpenTelemetryObserver;
import dev.polycloud.spi.OperationObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("The Lambda adapter's observation")
class LambdaObservationTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE + "-" + PARENT + "-01";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    private final List<String> gatewayRequests = new CopyOnWriteArrayList<>();

    /** What the handler saw: the MDC and the current span's context. */
    static final AtomicReference<Map<String, String>> MDC_SEEN = new AtomicReference<>();
    static final AtomicReference<String> SPAN_SEEN = new AtomicReference<>();

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

    /** Records the MDC and span, fails messages whose body is "fail". */
    public static final class Recording implements FunctionHandler<MessageBatch, BatchResult> {
        @Override
        public BatchResult handle(MessageBatch batch, FunctionContext context) {
            MDC_SEEN.set(MDC.getCopyOfContextMap());
            SPAN_SEEN.set(Span.current().getSpanContext().getSpanId());
            return BatchResult.success();
        }
    }

    /** Records the MDC and span of an HTTP request; {@code ?fail} throws. */
    public static final class HttpRecording implements FunctionHandler<HttpRequest, HttpResponse> {
        @Override
        public HttpResponse handle(HttpRequest request, FunctionContext context) {
            MDC_SEEN.set(MDC.getCopyOfContextMap());
            SPAN_SEEN.set(Span.current().getSpanContext().getSpanId());
            if (request.queryParameter("fail").isPresent()) {
                throw new IllegalStateException("failed on purpose");
            }
            return HttpResponse.of(201, "text/plain", "ok");
        }
    }

    /** Always throws. */
    public static final class Failing implements FunctionHandler<MessageBatch, BatchResult> {
        @Override
        public BatchResult handle(MessageBatch batch, FunctionContext context) {
            throw new IllegalStateException("failed on purpose");
        }
    }

    private static PolycloudLambdaHandler adapter(Class<?> handler) {
        return new PolycloudLambdaHandler(Map.of(PolycloudLambdaHandler.HANDLER_ENV, handler.getName()),
                LambdaObservationTest.class.getClassLoader());
    }

    private static void run(PolycloudLambdaHandler adapter, ObjectNode event, FakeContext context) throws IOException {
        adapter.handleRequest(new ByteArrayInputStream(PayloadCodec.encode(event)), new ByteArrayOutputStream(),
                context);
    }

    private SpanData only(String name) {
        List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(spans).as("spans named " + name + " in " + exporter.getFinishedSpanItems()).hasSize(1);
        return spans.get(0);
    }

    private static ObjectNode sqsWithTraceparent() {
        ObjectNode event = PolycloudLambdaHandlerTest.event("sqs-receive-message.json");
        ObjectNode attributes = (ObjectNode) event.path("Records").get(0).path("messageAttributes");
        attributes.putObject("traceparent").put("stringValue", TRACEPARENT).put("dataType", "String");
        return event;
    }

    @Test
    @DisplayName("an SQS batch runs in a CONSUMER span continuing the first message's traceparent, with the MDC"
            + " keys set during the handler and cleared after")
    void sqs() throws IOException {
        FakeContext context = new FakeContext("orders-fn", 30_000);
        run(adapter(Recording.class), sqsWithTraceparent(), context);

        SpanData span = only("invoke orders-fn");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("faas.trigger"))).isEqualTo("pubsub");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("faas.invocation_id")))
                .isEqualTo(context.getAwsRequestId());
        assertThat(span.getAttributes().get(AttributeKey.stringKey("polycloud.provider"))).isEqualTo("aws");
        assertThat(SPAN_SEEN.get()).isEqualTo(span.getSpanId());
        assertThat(MDC_SEEN.get()).containsEntry("polycloud.provider", "aws")
                .containsEntry("polycloud.resource", "function orders-fn")
                .containsEntry("polycloud.operation", "invoke")
                .containsEntry("polycloud.invocationId", context.getAwsRequestId());
        assertThat(MDC.get("polycloud.invocationId")).isNull();
        assertThat(MDC.get("polycloud.provider")).isNull();
    }

    @Test
    @DisplayName("a handler that throws ends the function span with ERROR FUNCTION_FAILED")
    void failure() {
        assertThatThrownBy(() -> run(adapter(Failing.class), sqsWithTraceparent(),
                new FakeContext("orders-fn", 30_000))).isInstanceOf(IllegalStateException.class);
        SpanData span = only("invoke orders-fn");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).isEqualTo("FUNCTION_FAILED");
        assertThat(MDC.get("polycloud.provider")).isNull();
    }

    @Test
    @DisplayName("an HTTP API request continues its traceparent header in a SERVER request span (method, route,"
            + " status) whose child is the function span, and is timed by route and status")
    void http() throws IOException {
        ObjectNode event = PolycloudLambdaHandlerTest.event("apigateway-v2-http-api.json");
        event.put("routeKey", "POST /orders/{id}");
        ((ObjectNode) event.path("headers")).put("traceparent", TRACEPARENT);
        FakeContext context = new FakeContext("orders-fn", 30_000);
        run(adapter(HttpRecording.class), event, context);

        SpanData request = only("POST /orders/{id}");
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getTraceId()).isEqualTo(TRACE);
        assertThat(request.getParentSpanId()).isEqualTo(PARENT);
        assertThat(request.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/orders/{id}");
        assertThat(request.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(201L);
        SpanData invoke = only("invoke orders-fn");
        assertThat(invoke.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(invoke.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(SPAN_SEEN.get()).isEqualTo(invoke.getSpanId());
        assertThat(MDC_SEEN.get()).containsEntry("polycloud.invocationId", context.getAwsRequestId());
        assertThat(gatewayRequests).containsExactly("aws orders-fn POST /orders/{id} 201");
    }

    @Test
    @DisplayName("an HTTP handler that throws answers 502: the request span is ERROR with error.type 502")
    void httpFailure() throws IOException {
        ObjectNode event = PolycloudLambdaHandlerTest.event("apigateway-v2-http-api.json");
        event.put("rawQueryString", "fail=1");
        run(adapter(HttpRecording.class), event, new FakeContext("orders-fn", 30_000));

        SpanData request = only("POST $default".replace("POST", event.path("requestContext").path("http")
                .path("method").asText()));
        assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(request.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("502");
        assertThat(only("invoke orders-fn").getStatus().getDescription()).isEqualTo("FUNCTION_FAILED");
        assertThat(gatewayRequests).hasSize(1).allMatch(r -> r.endsWith(" $default 502"));
    }

    @Test
    @DisplayName("without an observer the MDC keys are still set and no span is made")
    void none() throws IOException {
        HandlerInvoker.observeWith(OperationObserver.NONE);
        run(adapter(Recording.class), sqsWithTraceparent(), new FakeContext("orders-fn", 30_000));
        assertThat(MDC_SEEN.get()).containsEntry("polycloud.resource", "function orders-fn");
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }
}

package dev.polycloud.azure.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.HttpMethod;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.HandlerInvoker;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.MessageBatch;
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
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("The Azure Functions adapter's observation")
class AzureAdapterObservationTest {

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

    /** Records the MDC and the current span; a body "fail" throws. */
    public static final class Recording implements FunctionHandler<MessageBatch, BatchResult> {
        @Override
        public BatchResult handle(MessageBatch batch, FunctionContext context) {
            MDC_SEEN.set(MDC.getCopyOfContextMap());
            SPAN_SEEN.set(Span.current().getSpanContext().getSpanId());
            if (batch.messages().get(0).bodyAsString().equals("fail")) {
                throw new IllegalStateException("failed on purpose");
            }
            return BatchResult.success();
        }
    }

    /** Records the MDC and the current span of a request. */
    public static final class HttpRecording implements FunctionHandler<HttpRequest, HttpResponse> {
        @Override
        public HttpResponse handle(HttpRequest request, FunctionContext context) {
            MDC_SEEN.set(MDC.getCopyOfContextMap());
            SPAN_SEEN.set(Span.current().getSpanContext().getSpanId());
            return HttpResponse.of(201, "text/plain", "ok");
        }
    }

    private SpanData only(String name) {
        List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(spans).as("spans named " + name + " in " + exporter.getFinishedSpanItems()).hasSize(1);
        return spans.get(0);
    }

    @Test
    @DisplayName("a Service Bus message runs in a CONSUMER span continuing its traceparent property, with the MDC"
            + " keys (invocation id = the host's) during the handler and cleared after")
    void serviceBus() {
        FakeHost.Context context = new FakeHost.Context("audit-fn");
        PolycloudAzure.serviceBus("orders", "audit", "hello", "m-1", 1, Map.of("traceparent", TRACEPARENT), context,
                Recording.class);

        SpanData span = only("invoke audit-fn");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("faas.trigger"))).isEqualTo("pubsub");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("faas.invocation_id")))
                .isEqualTo(context.getInvocationId());
        assertThat(SPAN_SEEN.get()).isEqualTo(span.getSpanId());
        assertThat(MDC_SEEN.get()).containsEntry("polycloud.provider", "azure")
                .containsEntry("polycloud.resource", "function audit-fn")
                .containsEntry("polycloud.operation", "invoke")
                .containsEntry("polycloud.invocationId", context.getInvocationId());
        assertThat(MDC.get("polycloud.provider")).isNull();
    }

    @Test
    @DisplayName("a handler that throws ends the function span with ERROR FUNCTION_FAILED")
    void failure() {
        assertThatThrownBy(() -> PolycloudAzure.serviceBus("orders", "audit", "fail", "m-2", 1,
                Map.of("traceparent", TRACEPARENT), new FakeHost.Context("audit-fn"), Recording.class))
                .isInstanceOf(IllegalStateException.class);
        SpanData span = only("invoke audit-fn");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).isEqualTo("FUNCTION_FAILED");
        assertThat(MDC.get("polycloud.invocationId")).isNull();
    }

    @Test
    @DisplayName("an HTTP request with a route continues its traceparent header in a SERVER request span whose"
            + " child is the function span, and is timed by route and status")
    void http() {
        FakeHost.Context context = new FakeHost.Context("orders-http");
        FakeHost.Request<Optional<byte[]>> request = new FakeHost.Request<>(HttpMethod.GET,
                URI.create("http://localhost:7071/api/orders/42"), Map.of("traceparent", TRACEPARENT), Map.of(),
                Optional.empty());
        FakeHost.Response response = (FakeHost.Response) PolycloudAzure.http(request, context, HttpRecording.class,
                "orders/{id:int}");
        assertThat(response.getStatus().value()).isEqualTo(201);

        SpanData span = only("GET /orders/{id}");
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/orders/{id}");
        assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(201L);
        SpanData invoke = only("invoke orders-http");
        assertThat(invoke.getParentSpanId()).isEqualTo(span.getSpanId());
        assertThat(SPAN_SEEN.get()).isEqualTo(invoke.getSpanId());
        assertThat(MDC_SEEN.get()).containsEntry("polycloud.invocationId", context.getInvocationId());
        assertThat(gatewayRequests).containsExactly("azure orders-http GET /orders/{id} 201");
    }
}

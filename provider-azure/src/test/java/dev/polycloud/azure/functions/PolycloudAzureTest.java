package dev.polycloud.azure.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.polycloud.azure.functions.TestEnvelopes;
import dev.polycloud.function.HandlerInvoker;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Azure Functions adapter, without a Functions host (none can run on these machines): the
 * requests, responses and contexts are {@link FakeHost} stand-ins implementing the Java library's own
 * interfaces the way the worker fills them, and every mapping is checked exactly.
 */
@DisplayName("Azure Functions adapter (PolycloudAzure)")
class PolycloudAzureTest {

    private static final String BASE = "https://orders.azurewebsites.net";

    private static byte[] allBytes() {
        byte[] b = new byte[256 + 4];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        b[256] = (byte) 0xC3;
        b[257] = (byte) 0x28;
        b[258] = (byte) 0xED;
        b[259] = (byte) 0x80;
        return b;
    }

    private static FakeHost.Request<Optional<byte[]>> request(HttpMethod method, String target,
                                                              Map<String, String> headers, byte[] body) {
        URI uri = URI.create(BASE + target);
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return new FakeHost.Request<>(method, uri, headers, query,
                body == null || body.length == 0 ? Optional.empty() : Optional.of(body));
    }

    private static FakeHost.Response run(FakeHost.Request<?> request, FakeHost.Context context,
                                         Class<? extends dev.polycloud.function.FunctionHandler<?, ?>> handler) {
        return (FakeHost.Response) PolycloudAzure.http(request, context, handler);
    }

    private static byte[] body(HttpResponseMessage r) {
        return (byte[]) r.getBody();
    }

    private static TestHandlers.Echo echo(HttpResponseMessage r) {
        return PayloadCodec.decode(body(r), TestHandlers.Echo.class);
    }

    @Nested
    @DisplayName("an HTTP trigger whose handler takes an HttpRequest")
    class HttpEvents {

        @Test
        @DisplayName("method, raw path, every query value, case-insensitive headers and a binary body reach the handler")
        void requestMapping() {
            byte[] payload = allBytes();
            FakeHost.Context ctx = new FakeHost.Context("orders-http");
            FakeHost.Response r = run(request(HttpMethod.PUT,
                    "/api/orders-http?tag=x&tag=y&q=1%2B1%3D2%20ok&empty=&caf%C3%A9=%C3%BC",
                    Map.of("X-Custom-Header", "Value-1", "x-probe", "probed", "Content-Type", "application/octet-stream"),
                    payload), ctx, TestHandlers.HttpEcho.class);

            assertThat(r.getStatusCode()).isEqualTo(201);
            TestHandlers.Echo e = echo(r);
            assertThat(e.method()).isEqualTo("PUT");
            assertThat(e.rawPath()).isEqualTo("/api/orders-http");
            assertThat(e.queryParameters()).containsExactly(Map.entry("tag", List.of("x", "y")),
                    Map.entry("q", List.of("1+1=2 ok")), Map.entry("empty", List.of("")),
                    Map.entry("café", List.of("ü")));
            assertThat(e.headers()).containsEntry("x-custom-header", List.of("Value-1"))
                    .containsEntry("content-type", List.of("application/octet-stream"));
            assertThat(e.probed()).as("headers().first(\"X-PROBE\")").isEqualTo("probed");
            assertThat(Base64.getDecoder().decode(e.bodyBase64())).isEqualTo(payload);
            assertThat(e.pathParameters()).isEmpty();
        }

        @Test
        @DisplayName("the handler's status, headers (several values joined) and binary body go back unchanged")
        void responseMapping() {
            byte[] payload = allBytes();
            FakeHost.Response r = run(request(HttpMethod.POST, "/api/blob?mode=binary&status=207", Map.of(), payload),
                    new FakeHost.Context("blob"), TestHandlers.HttpEcho.class);
            assertThat(r.getStatusCode()).isEqualTo(207);
            assertThat(r.headers()).containsEntry("content-type", "application/octet-stream")
                    .containsEntry("x-multi", "a, b");
            assertThat(body(r)).isEqualTo(payload);
        }

        @Test
        @DisplayName("a status the library has no constant for passes as a custom status")
        void customStatus() {
            FakeHost.Response r = run(request(HttpMethod.GET, "/api/x?status=299", Map.of(), null),
                    new FakeHost.Context("x"), TestHandlers.HttpEcho.class);
            assertThat(r.getStatusCode()).isEqualTo(299);
        }

        @Test
        @DisplayName("a String body binding reaches the handler as its UTF-8 bytes")
        void stringBody() {
            String text = "héllo ✓ 日本";
            FakeHost.Request<Optional<String>> req = new FakeHost.Request<>(HttpMethod.POST,
                    URI.create(BASE + "/api/t"), Map.of(), Map.of(), Optional.of(text));
            FakeHost.Response r = (FakeHost.Response) PolycloudAzure.http(req, new FakeHost.Context("t"),
                    TestHandlers.HttpEcho.class);
            assertThat(new String(Base64.getDecoder().decode(echo(r).bodyBase64()), StandardCharsets.UTF_8))
                    .isEqualTo(text);
        }

        @Test
        @DisplayName("without a raw query in the URI, the worker's single-valued query map is used")
        void queryFallback() {
            Map<String, String> single = new LinkedHashMap<>();
            single.put("a", "1");
            single.put("b", "");
            FakeHost.Request<Optional<byte[]>> req = new FakeHost.Request<>(HttpMethod.GET,
                    URI.create(BASE + "/api/q"), Map.of(), single, Optional.empty());
            TestHandlers.Echo e = echo(PolycloudAzure.http(req, new FakeHost.Context("q"), TestHandlers.HttpEcho.class));
            assertThat(e.queryParameters()).containsExactly(Map.entry("a", List.of("1")), Map.entry("b", List.of("")));
        }

        @Test
        @DisplayName("the function's own route template gives decoded path parameters; constraints are ignored")
        void ownRoute() {
            FakeHost.Request<Optional<byte[]>> req = request(HttpMethod.GET,
                    "/api/items/caf%C3%A9%20au+lait/parts/42", Map.of(), null);
            HttpResponseMessage r = PolycloudAzure.http(req, new FakeHost.Context("items"), TestHandlers.HttpEcho.class,
                    "items/{id}/parts/{part:int}");
            assertThat(echo(r).pathParameters()).isEqualTo(Map.of("id", "café au+lait", "part", "42"));
            assertThat(echo(r).rawPath()).isEqualTo("/api/items/caf%C3%A9%20au+lait/parts/42");

            HttpResponseMessage other = PolycloudAzure.http(request(HttpMethod.GET, "/api/other/path", Map.of(), null),
                    new FakeHost.Context("items"), TestHandlers.HttpEcho.class, "items/{id}/parts/{part}");
            assertThat(echo(other).pathParameters()).as("a path the template does not match").isEmpty();
        }

        @Test
        @DisplayName("behind API Management the gateway's route and path are used, and the key and protocol headers are hidden")
        void gatewayHeaders() {
            Map<String, String> headers = Map.of(FunctionsProtocol.ROUTE_HEADER, "/items/{id}",
                    FunctionsProtocol.PATH_HEADER, "/shop/items/7", "x-functions-key", "SECRET-KEY",
                    "X-Polycloud-Invoke", "1", "Accept", "application/json");
            TestHandlers.Echo e = echo(run(request(HttpMethod.GET, "/api/items-fn?x=1", headers, null),
                    new FakeHost.Context("items-fn"), TestHandlers.HttpEcho.class));
            assertThat(e.rawPath()).isEqualTo("/shop/items/7");
            assertThat(e.pathParameters()).isEqualTo(Map.of("id", "7"));
            assertThat(e.queryParameters()).containsOnlyKeys("x");
            assertThat(e.headers()).containsOnlyKeys("accept");
        }

        @Test
        @DisplayName("a failing handler is answered 502 with its error type and message, and logged at SEVERE")
        void failure() {
            FakeHost.Context ctx = new FakeHost.Context("echo");
            FakeHost.Response r = run(request(HttpMethod.GET, "/api/echo?fail=now", Map.of(), null), ctx,
                    TestHandlers.HttpEcho.class);
            assertThat(r.getStatusCode()).isEqualTo(502);
            assertThat(r.headers()).containsEntry(FunctionsProtocol.ERROR_HEADER.toLowerCase(), "handler")
                    .containsEntry("content-type", "application/json");
            assertThat(FunctionsProtocol.readError(body(r))).hasValueSatisfying(err -> {
                assertThat(err[0]).isEqualTo(TestHandlers.DeliberateException.class.getName());
                assertThat(err[1]).isEqualTo("gateway handler failed: now");
            });
            assertThat(ctx.records()).extracting(LogRecord::getLevel).contains(Level.SEVERE);
            assertThat(ctx.records().get(0).getThrown()).isInstanceOf(TestHandlers.DeliberateException.class);
        }
    }

    @Nested
    @DisplayName("an invocation (the body is the payload)")
    class Invocations {

        private final Map<String, String> invoke = Map.of(FunctionsProtocol.INVOKE_HEADER, "1");

        @Test
        @DisplayName("bytes that are not UTF-8 round-trip byte-exact, answered 200 as octet-stream")
        void bytes() {
            byte[] payload = allBytes();
            FakeHost.Response r = run(request(HttpMethod.POST, "/api/raw", invoke, payload),
                    new FakeHost.Context("raw"), TestHandlers.EchoBytes.class);
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(r.headers()).containsEntry("content-type", "application/octet-stream");
            assertThat(body(r)).isEqualTo(payload);
        }

        @Test
        @DisplayName("an empty payload gives an empty answer")
        void empty() {
            assertThat(body(run(request(HttpMethod.POST, "/api/raw", invoke, new byte[0]),
                    new FakeHost.Context("raw"), TestHandlers.EchoBytes.class))).isEmpty();
        }

        @Test
        @DisplayName("a handler whose input is not an HttpRequest takes the body as its payload even without the marker")
        void withoutMarker() {
            FakeHost.Response r = run(request(HttpMethod.POST, "/api/text", Map.of(),
                    "héllo".getBytes(StandardCharsets.UTF_8)), new FakeHost.Context("text"), TestHandlers.EchoText.class);
            assertThat(new String(body(r), StandardCharsets.UTF_8)).isEqualTo("echo:héllo");
        }

        @Test
        @DisplayName("JSON maps to the handler's records; the context names the function and the invocation, and logs to it")
        void jsonAndContext() {
            FakeHost.Context ctx = new FakeHost.Context("pricing");
            byte[] order = PayloadCodec.encode(new TestHandlers.Order("ada", 3, new BigDecimal("1.10")));
            TestHandlers.Receipt receipt = PayloadCodec.decode(body(run(request(HttpMethod.POST, "/api/pricing",
                    invoke, order), ctx, TestHandlers.Pricing.class)), TestHandlers.Receipt.class);
            assertThat(receipt.total()).isEqualByComparingTo("3.30");
            assertThat(receipt.function()).isEqualTo("pricing");
            assertThat(receipt.requestId()).isEqualTo(ctx.getInvocationId());
            assertThat(ctx.records()).extracting(LogRecord::getMessage).contains("pricing order of ada");
        }

        @Test
        @DisplayName("an HttpRequest handler invoked with the marker decodes the payload as JSON, as on every provider")
        void httpHandlerInvoked() {
            HttpRequest event = new HttpRequest("GET", "/x", Map.of("id", "1"), Map.of("q", List.of("a")), null,
                    "b".getBytes(StandardCharsets.UTF_8));
            byte[] out = body(run(request(HttpMethod.POST, "/api/echo", invoke, PayloadCodec.encode(event)),
                    new FakeHost.Context("echo"), TestHandlers.HttpEcho.class));
            HttpResponse response = PayloadCodec.decode(out, HttpResponse.class);
            assertThat(response.status()).isEqualTo(201);
            TestHandlers.Echo e = PayloadCodec.decode(response.body(), TestHandlers.Echo.class);
            assertThat(e.rawPath()).isEqualTo("/x");
            assertThat(e.pathParameters()).containsEntry("id", "1");
        }

        @Test
        @DisplayName("a failing handler is answered 500 with the error body the driver reads")
        void failure() {
            FakeHost.Response r = run(request(HttpMethod.POST, "/api/f", invoke, "order-42".getBytes(StandardCharsets.UTF_8)),
                    new FakeHost.Context("f"), TestHandlers.Failing.class);
            assertThat(r.getStatusCode()).isEqualTo(500);
            assertThat(r.headers()).containsEntry("x-polycloud-error", "handler");
            assertThat(FunctionsProtocol.readError(body(r))).hasValueSatisfying(err -> {
                assertThat(err[0]).isEqualTo(TestHandlers.DeliberateException.class.getName());
                assertThat(err[1]).isEqualTo("failed on purpose: order-42");
            });
        }

        @Test
        @DisplayName("a payload the handler's input type cannot decode is a handler failure naming the decoding error")
        void undecodable() {
            FakeHost.Response r = run(request(HttpMethod.POST, "/api/p", invoke, "{ not json".getBytes(StandardCharsets.UTF_8)),
                    new FakeHost.Context("p"), TestHandlers.Pricing.class);
            assertThat(r.getStatusCode()).isEqualTo(500);
            assertThat(FunctionsProtocol.readError(body(r))).hasValueSatisfying(err -> {
                assertThat(err[0]).isEqualTo(IllegalArgumentException.class.getName());
                assertThat(err[1]).contains("Order");
            });
        }

        @Test
        @DisplayName("the handler class is instantiated once and reused across invocations")
        void cached() {
            int before = TestHandlers.EchoBytes.INSTANCES.get();
            for (int i = 0; i < 5; i++) {
                run(request(HttpMethod.POST, "/api/raw", invoke, new byte[] {(byte) i}), new FakeHost.Context("raw"),
                        TestHandlers.EchoBytes.class);
            }
            assertThat(TestHandlers.EchoBytes.INSTANCES.get() - before).isLessThanOrEqualTo(1);
            assertThat(TestHandlers.EchoBytes.INSTANCES.get()).isEqualTo(1);
        }

        @Test
        @DisplayName("a handler class that cannot be instantiated is rethrown, so the host reports it")
        void unloadable() {
            assertThatThrownBy(() -> run(request(HttpMethod.POST, "/api/n", invoke, new byte[0]),
                    new FakeHost.Context("n"), TestHandlers.NoConstructor.class))
                    .isInstanceOf(HandlerInvoker.HandlerLoadException.class)
                    .hasMessageContaining("no-argument constructor");
        }
    }

    @Nested
    @DisplayName("a Storage Queue trigger")
    class Queues {

        @BeforeEach
        void reset() {
            TestHandlers.Batches.SEEN.clear();
        }

        @Test
        @DisplayName("the queue driver's envelope becomes a batch of one with body, attributes, ordering group, send time and delivery count")
        void envelope() {
            Instant sent = Instant.parse("2025-03-01T10:15:30.123Z");
            byte[] body = allBytes();
            String text = TestEnvelopes.encode(Message.builder().body(body).attribute("kind", "ünïcode ✓")
                    .attribute("n", "1").orderingGroup("g-1").build(), sent);
            FakeHost.Context ctx = new FakeHost.Context("orders-worker");
            PolycloudAzure.queue("orders", text, "msg-1", 3, ctx, TestHandlers.Batches.class);

            assertThat(TestHandlers.Batches.SEEN).hasSize(1);
            MessageBatch batch = TestHandlers.Batches.SEEN.get(0);
            assertThat(batch.source()).isEqualTo("queue/orders");
            assertThat(batch.messages()).hasSize(1);
            ReceivedMessage m = batch.messages().get(0);
            assertThat(m.id()).isEqualTo("msg-1");
            assertThat(m.body()).isEqualTo(body);
            assertThat(m.attributes()).isEqualTo(Map.of("kind", "ünïcode ✓", "n", "1"));
            assertThat(m.orderingGroup()).contains("g-1");
            assertThat(m.sentAt()).isEqualTo(sent);
            assertThat(m.deliveryCount()).isEqualTo(3);
        }

        @Test
        @DisplayName("text another tool wrote is the UTF-8 body; without metadata the id is the invocation id")
        void plainText() {
            FakeHost.Context ctx = new FakeHost.Context("w");
            PolycloudAzure.queue("orders", "just text ✓", ctx, TestHandlers.Batches.class);
            ReceivedMessage m = TestHandlers.Batches.SEEN.get(0).messages().get(0);
            assertThat(m.bodyAsString()).isEqualTo("just text ✓");
            assertThat(m.attributes()).isEmpty();
            assertThat(m.id()).isEqualTo(ctx.getInvocationId());
            assertThat(m.deliveryCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("a message the handler reports failed is thrown, so the host retries and then poison-queues it")
        void reportedFailure() {
            String text = TestEnvelopes.encode(Message.builder().body("x").attribute("fail", "yes").build(), Instant.now());
            assertThatThrownBy(() -> PolycloudAzure.queue("orders", text, "m-9", 1, new FakeHost.Context("w"),
                    TestHandlers.Batches.class))
                    .isInstanceOfSatisfying(HandlerFailedException.class, e ->
                            assertThat(e.getMessage()).contains("m-9").contains("queue/orders"));
        }

        @Test
        @DisplayName("an unchecked exception of the handler is rethrown as it is; a checked one is wrapped with its type")
        void thrown() {
            String text = TestEnvelopes.encode(Message.of("x"), Instant.now());
            assertThatThrownBy(() -> PolycloudAzure.queue("orders", text, "m", 1, new FakeHost.Context("w"),
                    TestHandlers.UncheckedFailing.class)).isInstanceOf(TestHandlers.DeliberateException.class)
                    .hasMessage("batch failed on purpose");
            assertThatThrownBy(() -> PolycloudAzure.queue("orders", text, "m", 1, new FakeHost.Context("w"),
                    TestHandlers.CheckedFailing.class))
                    .isInstanceOfSatisfying(HandlerFailedException.class, e -> {
                        assertThat(e.errorType()).isEqualTo(IOException.class.getName());
                        assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessage("disk on fire");
                    });
        }

        @Test
        @DisplayName("a message the handler does not name as failed completes normally")
        void success() {
            String text = TestEnvelopes.encode(Message.of("fine"), Instant.now());
            PolycloudAzure.queue("orders", text, "ok-1", 1, new FakeHost.Context("w"), TestHandlers.Batches.class);
            assertThat(TestHandlers.Batches.SEEN).hasSize(1);
        }
    }

    @Nested
    @DisplayName("a Service Bus trigger")
    class ServiceBus {

        @BeforeEach
        void reset() {
            TestHandlers.Batches.SEEN.clear();
        }

        @Test
        @DisplayName("body, application properties as attributes, id and delivery count reach the handler as a subscription batch")
        void mapping() {
            byte[] body = allBytes();
            PolycloudAzure.serviceBus("events", "audit", body, "sb-1", 2, Map.of("kind", "created", "n", 7),
                    new FakeHost.Context("audit"), TestHandlers.Batches.class);
            MessageBatch batch = TestHandlers.Batches.SEEN.get(0);
            assertThat(batch.source()).isEqualTo("subscription/events/audit");
            ReceivedMessage m = batch.messages().get(0);
            assertThat(m.id()).isEqualTo("sb-1");
            assertThat(m.body()).isEqualTo(body);
            assertThat(m.attributes()).isEqualTo(Map.of("kind", "created", "n", "7"));
            assertThat(m.deliveryCount()).isEqualTo(2);
        }

        @Test
        @DisplayName("a text body is UTF-8, and a reported failure is thrown")
        void textAndFailure() {
            assertThatThrownBy(() -> PolycloudAzure.serviceBus("events", "audit", "héllo", "sb-2", 1,
                    Map.of("fail", "yes"), new FakeHost.Context("audit"), TestHandlers.Batches.class))
                    .isInstanceOf(HandlerFailedException.class).hasMessageContaining("sb-2");
            assertThat(TestHandlers.Batches.SEEN.get(0).messages().get(0).bodyAsString()).isEqualTo("héllo");
        }
    }

    /** Records the scheduled events it receives. */
    public static final class TimerRecorder
            implements dev.polycloud.function.FunctionHandler<dev.polycloud.function.ScheduledEvent, String> {
        static final java.util.List<dev.polycloud.function.ScheduledEvent> SEEN =
                new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String handle(dev.polycloud.function.ScheduledEvent event,
                             dev.polycloud.function.FunctionContext context) {
            SEEN.add(event);
            return null;
        }
    }

    @Nested
    @DisplayName("timer triggers")
    class Timers {

        @Test
        @DisplayName("a timer invocation hands the handler a ScheduledEvent named after the schedule")
        void timer() {
            java.time.Instant before = java.time.Instant.now();
            PolycloudAzure.timer("nightly-orders-summary", "{\"IsPastDue\":false}", new FakeHost.Context("summary"),
                    TimerRecorder.class);
            assertThat(TimerRecorder.SEEN).singleElement().satisfies(e -> {
                assertThat(e.schedule()).isEqualTo("nightly-orders-summary");
                assertThat(e.scheduledTime()).isEqualTo(e.actualTime()).isAfterOrEqualTo(before);
                assertThat(e.payload()).isEmpty();
            });
        }

        @Test
        @DisplayName("a failing timer handler is rethrown so the host logs the run as failed")
        void failing() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolycloudAzure.timer("s", null,
                    new FakeHost.Context("f"), TestHandlers.Failing.class)).isInstanceOf(RuntimeException.class);
        }
    }
}

package dev.polycloud.gcp.functions;

import dev.polycloud.gcp.internal.GcpFunctionSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.Functions;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.gcp.functions.FunctionProtocol;
import dev.polycloud.gcp.functions.PolycloudCloudEventFunction;
import dev.polycloud.gcp.functions.PolycloudHttpFunction;
import dev.polycloud.gcp.handlers.BatchProbeHandler;
import dev.polycloud.gcp.handlers.HttpProbeHandler;
import dev.polycloud.gcp.handlers.ProbeHandler;
import dev.polycloud.gcp.testing.InvokerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The adapters verified for real: each runs in its own child JVM under the Functions Framework
 * invoker (the server Cloud Functions runs Java functions in), configured only through environment
 * variables, the way the driver's deploy configures them. Invocations go through the GCP driver's own
 * HTTP invoke path ({@code cloud.functions().invoke}) with the function URL from
 * {@code polycloud.gcp.functions.url-template}; gateway-style requests are sent the way API Gateway
 * forwards them (no API Gateway emulator exists); Pub/Sub events as binary-mode CloudEvents, the way
 * Eventarc delivers them.
 */
@DisplayName("The function adapters under the Functions Framework invoker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdapterOnInvokerTest {

    private InvokerProcess probe;
    private InvokerProcess http;
    private InvokerProcess events;
    private Path eventsOut;
    private Cloud probeCloud;
    private Cloud httpCloud;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void startInvokers() throws Exception {
        eventsOut = Files.createTempFile("batch-probe", ".jsonl");
        CompletableFuture<InvokerProcess> p = start(PolycloudHttpFunction.class.getName(), Map.of(
                "POLYCLOUD_HANDLER", ProbeHandler.class.getName(), "POLYCLOUD_FUNCTION", "probe",
                "POLYCLOUD_TIMEOUT", "PT2S", "POLYCLOUD_ENVIRONMENT", "COLOUR,EMPTY",
                "COLOUR", "teal", "EMPTY", "", "NOT_LISTED", "hidden"), "probe");
        CompletableFuture<InvokerProcess> h = start(PolycloudHttpFunction.class.getName(), Map.of(
                "POLYCLOUD_HANDLER", HttpProbeHandler.class.getName(), "POLYCLOUD_FUNCTION", "web",
                "POLYCLOUD_TIMEOUT", "PT1S", "POLYCLOUD_ENVIRONMENT", "", "POLYCLOUD_MAX_BODY_BYTES", "100000"),
                "http");
        CompletableFuture<InvokerProcess> e = start(PolycloudCloudEventFunction.class.getName(), Map.of(
                "POLYCLOUD_HANDLER", BatchProbeHandler.class.getName(), "POLYCLOUD_FUNCTION", "consumer",
                "POLYCLOUD_ENVIRONMENT", "PROBE_OUT", "PROBE_OUT", eventsOut.toString()), "events");
        probe = p.join();
        http = h.join();
        events = e.join();
        probeCloud = open(probe.baseUrl() + "/{function}");
        httpCloud = open(http.baseUrl() + "/{function}");
    }

    @AfterAll
    void stopInvokers() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {probeCloud, httpCloud, probe, http, events}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        Files.deleteIfExists(eventsOut);
    }

    private static CompletableFuture<InvokerProcess> start(String target, Map<String, String> env, String log) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return InvokerProcess.start(target, env, log);
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    private static Cloud open(String urlTemplate) {
        return Polycloud.open(PolycloudConfig.builder().provider("gcp").set("polycloud.gcp.project", "adapter-test")
                .set(GcpFunctionSettings.URL_TEMPLATE, urlTemplate).build());
    }

    private java.net.http.HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return client.send(request, BodyHandlers.ofByteArray());
    }

    @Nested
    @DisplayName("invoked through the driver's HTTP invoke path")
    class Invocations {

        @Test
        @DisplayName("bytes that are not UTF-8 round-trip exactly, and an empty payload stays empty")
        void bytes() {
            Functions fns = probeCloud.functions();
            byte[] payload = new byte[300];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (i * 7);
            }
            assertThat(fns.invoke("probe", payload)).isEqualTo(payload);
            assertThat(fns.invoke("probe", new byte[0])).isEmpty();
            assertThat(fns.invoke("probe", "héllo ✓ 日本")).isEqualTo("héllo ✓ 日本");
        }

        @Test
        @DisplayName("a handler's exception is FUNCTION_FAILED with its type and message")
        void failure() {
            assertThatThrownBy(() -> probeCloud.functions().invoke("probe", "fail:broken ✗"))
                    .isInstanceOfSatisfying(FunctionFailedException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FUNCTION_FAILED);
                        assertThat(e.errorType()).isEqualTo(IllegalStateException.class.getName());
                        assertThat(e.errorMessage()).isEqualTo("broken ✗");
                        assertThat(e.provider()).contains("gcp");
                        assertThat(e.resource()).contains("function probe");
                    });
        }

        @Test
        @DisplayName("a handler running past POLYCLOUD_TIMEOUT is DEADLINE_EXCEEDED at the timeout, and the next call is served")
        void timeout() {
            long start = System.nanoTime();
            assertThatThrownBy(() -> probeCloud.functions().invoke("probe", "sleep:5000"))
                    .isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e).isNotInstanceOf(FunctionFailedException.class);
                        assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4500));
            assertThat(probeCloud.functions().invoke("probe", "sleep:10")).isEqualTo("slept 10");
        }

        @Test
        @DisplayName("the context names the function, holds exactly the listed environment and a fresh request id")
        void context() {
            JsonNode first = PayloadCodec.decode(probeCloud.functions().invoke("probe", "context".getBytes(
                    StandardCharsets.UTF_8)), JsonNode.class);
            JsonNode second = PayloadCodec.decode(probeCloud.functions().invoke("probe", "context".getBytes(
                    StandardCharsets.UTF_8)), JsonNode.class);
            assertThat(first.get("functionName").asText()).isEqualTo("probe");
            assertThat(PayloadCodec.mapper().convertValue(first.get("environment"), Map.class))
                    .isEqualTo(Map.of("COLOUR", "teal", "EMPTY", ""));
            assertThat(first.get("remainingMillis").asLong()).isPositive().isLessThanOrEqualTo(2000);
            assertThat(first.get("logger").asBoolean()).isTrue();
            assertThat(first.get("requestId").asText()).isNotBlank().isNotEqualTo(second.get("requestId").asText());
        }

        @Test
        @DisplayName("an HTTP handler invoked with a JSON HttpRequest payload answers its HttpResponse as JSON")
        void httpHandlerAsPayload() {
            dev.polycloud.function.HttpRequest request = new dev.polycloud.function.HttpRequest("POST", "/x",
                    Map.of("id", "7"), Map.of("q", List.of("a", "b")), Headers.of(Map.of("x-k", "v")),
                    "body".getBytes(StandardCharsets.UTF_8));
            HttpResponse response = httpCloud.functions().invoke("web", request, HttpResponse.class);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().first("x-served-by")).contains("web");
            JsonNode echo = PayloadCodec.decode(response.body(), JsonNode.class);
            assertThat(echo.get("pathParameters").get("id").asText()).isEqualTo("7");
            assertThat(echo.get("queryParameters").get("q").toString()).isEqualTo("[\"a\",\"b\"]");
        }
    }

    @Nested
    @DisplayName("serving HTTP requests the way API Gateway forwards them")
    class Http {

        private URI at(String target) {
            return URI.create(http.baseUrl() + target);
        }

        @Test
        @DisplayName("method, raw path, multi-valued query, headers and a binary body reach the handler; status and headers come back")
        void requestMapping() throws Exception {
            byte[] body = {0, (byte) 0xff, (byte) 0xc3, 0x28, 10};
            var r = send(HttpRequest.newBuilder(at("/items/caf%C3%A9?tag=x&tag=y&q=1%2B1%3D2%20ok&empty=&status=201"))
                    .header("X-Multi", "one").header("X-Multi", "two").header("X-Custom", "V")
                    .method("PUT", BodyPublishers.ofByteArray(body)).build());
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.headers().firstValue("x-served-by")).contains("web");
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("application/json"));
            JsonNode echo = PayloadCodec.decode(r.body(), JsonNode.class);
            assertThat(echo.get("method").asText()).isEqualTo("PUT");
            assertThat(echo.get("rawPath").asText()).isEqualTo("/items/caf%C3%A9");
            assertThat(echo.get("pathParameters").size()).isZero();
            assertThat(echo.get("queryParameters").get("tag").toString()).isEqualTo("[\"x\",\"y\"]");
            assertThat(echo.get("queryParameters").get("q").get(0).asText()).isEqualTo("1+1=2 ok");
            assertThat(echo.get("queryParameters").get("empty").get(0).asText()).isEmpty();
            assertThat(echo.get("headers").get("x-custom").get(0).asText()).isEqualTo("V");
            assertThat(echo.get("headers").get("x-multi").toString()).contains("one").contains("two");
            assertThat(Base64.getDecoder().decode(echo.get("bodyBase64").asText())).isEqualTo(body);
        }

        @Test
        @DisplayName("a binary response body passes byte-exact with its content type")
        void binaryResponse() throws Exception {
            byte[] body = new byte[4096];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (i * 13);
            }
            var r = send(HttpRequest.newBuilder(at("/blob?binary")).POST(BodyPublishers.ofByteArray(body)).build());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).contains("application/octet-stream");
            assertThat(r.body()).isEqualTo(body);
        }

        @Test
        @DisplayName("a gateway address carrying the route template yields decoded path parameters and the request path")
        void routedPath() throws Exception {
            String address = FunctionProtocol.routePath("/items/{id}/parts/{part}");
            var r = send(HttpRequest.newBuilder(at(address + "/items/caf%C3%A9%20au+lait/parts/p-1?x=1")).GET().build());
            JsonNode echo = PayloadCodec.decode(r.body(), JsonNode.class);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(echo.get("rawPath").asText()).isEqualTo("/items/caf%C3%A9%20au+lait/parts/p-1");
            assertThat(PayloadCodec.mapper().convertValue(echo.get("pathParameters"), Map.class))
                    .isEqualTo(Map.of("id", "café au+lait", "part", "p-1"));
            var root = send(HttpRequest.newBuilder(at(FunctionProtocol.routePath("/"))).GET().build());
            assertThat(PayloadCodec.decode(root.body(), JsonNode.class).get("rawPath").asText()).isEqualTo("/");
        }

        @Test
        @DisplayName("the gateway's 405 address answers 405 with the allowed methods")
        void methodNotAllowed() throws Exception {
            var r = send(HttpRequest.newBuilder(at(FunctionProtocol.methodNotAllowedPath(List.of("GET", "POST"))
                    + "/items/1")).DELETE().build());
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.headers().firstValue("allow")).contains("GET, POST");
        }

        @Test
        @DisplayName("a failing handler is 502 and one past the timeout 504, answered at the timeout")
        void failures() throws Exception {
            assertThat(send(HttpRequest.newBuilder(at("/x?fail")).GET().build()).statusCode()).isEqualTo(502);
            long start = System.nanoTime();
            assertThat(send(HttpRequest.newBuilder(at("/x?sleepMs=4000")).GET().build()).statusCode()).isEqualTo(504);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
            assertThat(send(HttpRequest.newBuilder(at("/x")).GET().build()).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("a body over POLYCLOUD_MAX_BODY_BYTES is 413, malformed percent-encoding 400")
        void limits() throws Exception {
            var big = send(HttpRequest.newBuilder(at("/upload")).POST(BodyPublishers.ofByteArray(new byte[100_001]))
                    .build());
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(rawStatus("GET /items/ok?q=%G1 HTTP/1.1")).isEqualTo(400);
            assertThat(rawStatus("GET " + FunctionProtocol.routePath("/items/{id}") + "/items/%E0%A4 HTTP/1.1"))
                    .isEqualTo(400);
        }

        private int rawStatus(String requestLine) throws IOException {
            URI base = URI.create(http.baseUrl());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
                return Integer.parseInt(status.substring(9, 12));
            }
        }
    }

    @Nested
    @DisplayName("serving Pub/Sub messages as CloudEvents")
    class Events {

        private int post(String id, String body, String orderingKey) throws Exception {
            String data = "{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(body.getBytes(
                    StandardCharsets.UTF_8)) + "\",\"attributes\":{\"k\":\"v\"},\"messageId\":\"" + id
                    + "\",\"publishTime\":\"2024-05-01T10:00:00.5Z\",\"orderingKey\":\"" + orderingKey + "\"},"
                    + "\"subscription\":\"projects/p/subscriptions/t.events.audit\"}";
            var r = send(HttpRequest.newBuilder(URI.create(events.baseUrl() + "/"))
                    .header("ce-id", "evt-" + id).header("ce-specversion", "1.0")
                    .header("ce-type", PolycloudCloudEventFunction.MESSAGE_PUBLISHED)
                    .header("ce-source", "//pubsub.googleapis.com/projects/p/topics/t.events")
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(data)).build());
            return r.statusCode();
        }

        private JsonNode lastLine() throws IOException {
            List<String> lines = Files.readAllLines(eventsOut);
            return PayloadCodec.decode(lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8), JsonNode.class);
        }

        @Test
        @DisplayName("a message reaches the handler as a batch of one with its id, body, attributes, ordering key and source")
        void delivered() throws Exception {
            assertThat(post("m-1", "hello ✓", "group-a")).isBetween(200, 299);
            JsonNode line = lastLine();
            assertThat(line.get("function").asText()).isEqualTo("consumer");
            assertThat(line.get("source").asText()).isEqualTo("subscription/events/audit");
            JsonNode m = line.get("messages").get(0);
            assertThat(line.get("messages").size()).isEqualTo(1);
            assertThat(m.get("id").asText()).isEqualTo("m-1");
            assertThat(m.get("body").asText()).isEqualTo("hello ✓");
            assertThat(m.get("attributes").get("k").asText()).isEqualTo("v");
            assertThat(m.get("orderingGroup").asText()).isEqualTo("group-a");
            assertThat(m.get("deliveryCount").asInt()).isEqualTo(1);
            assertThat(m.get("sentAt").asText()).isEqualTo("2024-05-01T10:00:00.500Z");
        }

        @Test
        @DisplayName("a message the handler names as failed, or a handler that throws, fails the function so Pub/Sub redelivers")
        void failuresRedeliver() throws Exception {
            assertThat(post("m-2", "fail", "")).isGreaterThanOrEqualTo(500);
            assertThat(lastLine().get("messages").get(0).get("id").asText()).isEqualTo("m-2");
            assertThat(post("m-3", "throw", "")).isGreaterThanOrEqualTo(500);
            assertThat(lastLine().get("messages").get(0).get("orderingGroup").isNull()).isTrue();
            assertThat(post("m-4", "fine", "")).isBetween(200, 299);
        }
    }
}

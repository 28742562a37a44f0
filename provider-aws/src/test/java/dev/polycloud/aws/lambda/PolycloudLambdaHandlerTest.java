package dev.polycloud.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.HandlerInvoker.HandlerLoadException;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.function.TableChange;
import dev.polycloud.function.TableChangeBatch;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.table.Key;
import dev.polycloud.table.Value;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The Lambda adapter")
class PolycloudLambdaHandlerTest {

    // ---------------------------------------------------------------- handlers under test

    /** Echoes the request as JSON; {@code fail} throws, {@code sleepMs} sleeps, {@code mode=binary} echoes the body. */
    public static final class HttpEcho implements FunctionHandler<HttpRequest, HttpResponse> {
        static final AtomicReference<HttpRequest> LAST = new AtomicReference<>();

        @Override
        public HttpResponse handle(HttpRequest request, FunctionContext context) throws Exception {
            LAST.set(request);
            if (request.queryParameter("sleepMs").isPresent()) {
                Thread.sleep(Long.parseLong(request.queryParameter("sleepMs").get()));
            }
            if (request.queryParameter("fail").isPresent()) {
                throw new IllegalStateException("failed on purpose");
            }
            if (request.queryParameter("mode").orElse("").equals("binary")) {
                return HttpResponse.bytes(201, "application/octet-stream", request.body());
            }
            Headers h = Headers.of(Map.of("content-type", "application/json", "x-served-by", context.functionName()))
                    .with("set-cookie", "a=1").with("set-cookie", "b=2");
            return new HttpResponse(200, h, PayloadCodec.encode(Map.of("method", request.method(),
                    "path", request.rawPath())));
        }
    }

    /** Fails the messages whose body starts with "fail" and records the batch. */
    public static final class Batches implements FunctionHandler<MessageBatch, BatchResult> {
        static final AtomicReference<MessageBatch> LAST = new AtomicReference<>();

        @Override
        public BatchResult handle(MessageBatch batch, FunctionContext context) {
            LAST.set(batch);
            List<String> failed = new ArrayList<>();
            for (ReceivedMessage m : batch.messages()) {
                if (m.bodyAsString().startsWith("fail") || m.attributes().containsKey("fail")) {
                    failed.add(m.id());
                }
            }
            return BatchResult.failed(failed);
        }
    }

    /** Fails the change with sequence number 222 and records the batch. */
    public static final class Changes implements FunctionHandler<TableChangeBatch, BatchResult> {
        static final AtomicReference<TableChangeBatch> LAST = new AtomicReference<>();

        @Override
        public BatchResult handle(TableChangeBatch batch, FunctionContext context) {
            LAST.set(batch);
            return batch.changes().stream().anyMatch(c -> c.id().equals("222")) ? BatchResult.failed("222")
                    : BatchResult.success();
        }
    }

    /** Echoes bytes. */
    public static final class EchoBytes implements FunctionHandler<byte[], byte[]> {
        @Override
        public byte[] handle(byte[] input, FunctionContext context) {
            return input;
        }
    }

    /** A checked exception a handler throws. */
    public static final class OrderRejected extends Exception {
        private static final long serialVersionUID = 1L;

        OrderRejected(String message) {
            super(message);
        }
    }

    /** Throws a checked exception. */
    public static final class Rejects implements FunctionHandler<String, String> {
        @Override
        public String handle(String input, FunctionContext context) throws OrderRejected {
            throw new OrderRejected("rejected " + input);
        }
    }

    /** Reports its context. */
    public static final class Reports implements FunctionHandler<String, Map<String, Object>> {
        @Override
        public Map<String, Object> handle(String input, FunctionContext context) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", context.functionName());
            out.put("requestId", context.requestId());
            out.put("remaining", context.remainingTime().toMillis());
            out.put("environment", context.environment());
            out.put("logger", context.logger().getName());
            return out;
        }
    }

    /** Takes any event as a JSON map. */
    public static final class Generic implements FunctionHandler<Map<String, Object>, String> {
        @Override
        public String handle(Map<String, Object> input, FunctionContext context) {
            return "keys=" + new java.util.TreeSet<>(input.keySet());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static PolycloudLambdaHandler adapter(Class<?> handler) {
        return adapter(handler, Map.of());
    }

    private static PolycloudLambdaHandler adapter(Class<?> handler, Map<String, String> more) {
        Map<String, String> env = new LinkedHashMap<>(more);
        env.put(PolycloudLambdaHandler.HANDLER_ENV, handler.getName());
        env.put("AWS_SECRET_ACCESS_KEY", "never-shown");
        return new PolycloudLambdaHandler(env, PolycloudLambdaHandlerTest.class.getClassLoader());
    }

    static byte[] resource(String name) {
        try (InputStream in = PolycloudLambdaHandlerTest.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode event(String name) {
        try {
            return (ObjectNode) PayloadCodec.mapper().readTree(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] run(PolycloudLambdaHandler adapter, byte[] in) {
        return run(adapter, in, new FakeContext("orders-fn", 30_000));
    }

    private static byte[] run(PolycloudLambdaHandler adapter, byte[] in, FakeContext context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            adapter.handleRequest(new ByteArrayInputStream(in), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(JsonNode node) {
        return PayloadCodec.encode(node);
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return PayloadCodec.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- tests

    @Nested
    @DisplayName("API Gateway HTTP API events (payload 2.0)")
    class HttpApi {

        @Test
        @DisplayName("AWS's sample event becomes an HttpRequest with every query value, the cookies and the body")
        void sampleEvent() {
            JsonNode result = json(run(adapter(HttpEcho.class), resource("apigateway-v2-http-api.json")));
            HttpRequest r = HttpEcho.LAST.get();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.rawPath()).isEqualTo("/my/path");
            assertThat(r.queryParameters()).containsEntry("parameter1", List.of("value1", "value2"))
                    .containsEntry("parameter2", List.of("value"));
            assertThat(r.headers().first("HEADER1")).contains("value1");
            assertThat(r.headers().all("header2")).containsExactly("value1,value2");
            assertThat(r.headers().first("cookie")).contains("cookie1; cookie2");
            assertThat(r.pathParameters()).isEqualTo(Map.of("parameter1", "value1"));
            assertThat(r.bodyAsString()).isEqualTo("Hello from Lambda");

            assertThat(result.path("statusCode").asInt()).isEqualTo(200);
            assertThat(result.path("headers").path("content-type").asText()).isEqualTo("application/json");
            assertThat(result.path("headers").path("x-served-by").asText()).isEqualTo("orders-fn");
            assertThat(result.path("headers").has("set-cookie")).isFalse();
            assertThat(result.path("cookies")).extracting(JsonNode::asText).containsExactly("a=1", "b=2");
            assertThat(result.path("isBase64Encoded").asBoolean()).isFalse();
            assertThat(json(result.path("body").asText().getBytes(StandardCharsets.UTF_8)).path("path").asText())
                    .isEqualTo("/my/path");
        }

        @Test
        @DisplayName("path parameters are matched against the route key and decoded like the local gateway does")
        void pathParametersFromRouteKey() {
            ObjectNode e = event("apigateway-v2-http-api.json");
            e.put("routeKey", "GET /items/{id}/parts/{part}");
            e.put("rawPath", "/items/caf%C3%A9%20au+lait/parts/p-1");
            e.put("rawQueryString", "q=1%2B1%3D2%20ok&empty=&tag=x&tag=y");
            ((ObjectNode) e.path("requestContext").path("http")).put("method", "GET");
            e.putObject("pathParameters").put("id", "caf%C3%A9%20au+lait").put("part", "p-1");
            run(adapter(HttpEcho.class), bytes(e));
            HttpRequest r = HttpEcho.LAST.get();
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.pathParameters()).isEqualTo(Map.of("id", "café au+lait", "part", "p-1"));
            assertThat(r.queryParameters()).containsEntry("q", List.of("1+1=2 ok")).containsEntry("empty", List.of(""))
                    .containsEntry("tag", List.of("x", "y"));
        }

        @Test
        @DisplayName("a named stage's prefix is kept in the raw path but not matched against the route")
        void namedStage() {
            ObjectNode e = event("apigateway-v2-http-api.json");
            e.put("routeKey", "ANY /items/{id}");
            e.put("rawPath", "/prod/items/7");
            ((ObjectNode) e.path("requestContext")).put("stage", "prod");
            run(adapter(HttpEcho.class), bytes(e));
            assertThat(HttpEcho.LAST.get().rawPath()).isEqualTo("/prod/items/7");
            assertThat(HttpEcho.LAST.get().pathParameters()).isEqualTo(Map.of("id", "7"));
        }

        @Test
        @DisplayName("a binary body arrives and leaves byte-exact through base64")
        void binaryBody() {
            byte[] body = new byte[300];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (i * 7);
            }
            ObjectNode e = event("apigateway-v2-http-api.json");
            e.put("rawQueryString", "mode=binary");
            e.put("body", Base64.getEncoder().encodeToString(body));
            e.put("isBase64Encoded", true);
            JsonNode result = json(run(adapter(HttpEcho.class), bytes(e)));
            assertThat(HttpEcho.LAST.get().body()).isEqualTo(body);
            assertThat(result.path("statusCode").asInt()).isEqualTo(201);
            assertThat(result.path("isBase64Encoded").asBoolean()).isTrue();
            assertThat(Base64.getDecoder().decode(result.path("body").asText())).isEqualTo(body);
            assertThat(result.path("headers").path("content-type").asText()).isEqualTo("application/octet-stream");
        }

        @Test
        @DisplayName("a handler that throws is answered 502, and the failure is logged")
        void failureIs502() {
            ObjectNode e = event("apigateway-v2-http-api.json");
            e.put("rawQueryString", "fail=yes");
            FakeContext context = new FakeContext("orders-fn", 30_000);
            JsonNode result = json(run(adapter(HttpEcho.class), bytes(e), context));
            assertThat(result.path("statusCode").asInt()).isEqualTo(502);
            assertThat(result.path("body").asText()).contains("Bad Gateway");
            assertThat(String.join("", context.logged)).contains("java.lang.IllegalStateException")
                    .contains("failed on purpose");
        }

        @Test
        @DisplayName("a handler still running when Lambda's time is nearly up is answered 504 at once")
        void timeoutIs504() {
            ObjectNode e = event("apigateway-v2-http-api.json");
            e.put("rawQueryString", "sleepMs=5000");
            long start = System.nanoTime();
            JsonNode result = json(run(adapter(HttpEcho.class), bytes(e), new FakeContext("orders-fn", 1000)));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(result.path("statusCode").asInt()).isEqualTo(504);
            assertThat(tookMs).isLessThan(1500);
        }
    }

    @Nested
    @DisplayName("API Gateway REST API events (payload 1.0)")
    class RestApi {

        @Test
        @DisplayName("AWS's sample proxy event becomes an HttpRequest with its decoded body and every header")
        void sampleEvent() {
            JsonNode result = json(run(adapter(HttpEcho.class), resource("apigateway-v1-rest-proxy.json")));
            HttpRequest r = HttpEcho.LAST.get();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.rawPath()).isEqualTo("/path/to/resource");
            assertThat(r.bodyAsString()).isEqualTo("{\"test\":\"body\"}");
            assertThat(r.queryParameters()).isEqualTo(Map.of("foo", List.of("bar")));
            assertThat(r.pathParameters()).isEqualTo(Map.of("proxy", "/path/to/resource"));
            assertThat(r.headers().first("user-agent")).contains("Custom User Agent String");
            assertThat(r.headers().first("X-Forwarded-For")).contains("127.0.0.1, 127.0.0.2");
            assertThat(result.path("statusCode").asInt()).isEqualTo(200);
            assertThat(result.path("multiValueHeaders").path("set-cookie")).extracting(JsonNode::asText)
                    .containsExactly("a=1", "b=2");
            assertThat(result.has("cookies")).isFalse();
        }
    }

    @Nested
    @DisplayName("SQS events")
    class Sqs {

        @Test
        @DisplayName("AWS's sample event becomes a MessageBatch of its queue, with attributes, counts and send times")
        void sampleEvent() {
            JsonNode result = json(run(adapter(Batches.class), resource("sqs-receive-message.json")));
            MessageBatch b = Batches.LAST.get();
            assertThat(b.source()).isEqualTo("queue/my-queue");
            assertThat(b.messages()).hasSize(2);
            ReceivedMessage first = b.messages().get(0);
            assertThat(first.id()).isEqualTo("059f36b4-87a3-44ab-83d2-661975830a7d");
            assertThat(first.bodyAsString()).isEqualTo("Test message.");
            assertThat(first.attributes()).isEqualTo(Map.of("myAttribute", "myValue"));
            assertThat(first.deliveryCount()).isEqualTo(1);
            assertThat(first.sentAt()).isEqualTo(Instant.ofEpochMilli(1545082649183L));
            assertThat(first.receipt()).isEqualTo("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...");
            assertThat(result.path("batchItemFailures")).isEmpty();
        }

        @Test
        @DisplayName("failed portable ids become batchItemFailures naming the SQS message ids")
        void partialFailure() {
            ObjectNode e = event("sqs-receive-message.json");
            ObjectNode second = (ObjectNode) e.path("Records").get(1);
            second.put("body", "fail-me");
            second.putObject("messageAttributes").putObject("polycloud.id").put("stringValue", "portable-7")
                    .put("dataType", "String");
            JsonNode result = json(run(adapter(Batches.class), bytes(e)));
            assertThat(Batches.LAST.get().messages().get(1).id()).isEqualTo("portable-7");
            assertThat(Batches.LAST.get().messages().get(1).attributes()).isEmpty();
            assertThat(result.path("batchItemFailures")).hasSize(1);
            assertThat(result.path("batchItemFailures").get(0).path("itemIdentifier").asText())
                    .isEqualTo("2e1424d4-f796-459a-8184-9c92662be6da");
        }

        @Test
        @DisplayName("a subscription queue names its subscription, a FIFO queue its portable name, binary bodies decode")
        void sourcesAndBodies() {
            ObjectNode e = event("sqs-receive-message.json");
            ((ObjectNode) e.path("Records").get(0)).put("eventSourceARN", "arn:aws:sqs:us-east-2:123456789012:events--audit");
            ((ObjectNode) e.path("Records").get(0)).put("body", MessageEvents.BINARY_MARKER
                    + Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff, 1}));
            run(adapter(Batches.class), bytes(e));
            assertThat(Batches.LAST.get().source()).isEqualTo("subscription/events/audit");
            assertThat(Batches.LAST.get().messages().get(0).body()).containsExactly(0, 0xff, 1);

            assertThat(MessageEvents.sqsSource("arn:aws:sqs:us-east-1:1:orders.fifo", Sources.NONE))
                    .isEqualTo("queue/orders");
            Sources hint = Sources.NONE.withQueue("a-very-long-topic--a-very-long-sub-1234abcd", "subscription/t/s");
            assertThat(MessageEvents.sqsSource("arn:aws:sqs:us-east-1:1:a-very-long-topic--a-very-long-sub-1234abcd",
                    hint)).isEqualTo("subscription/t/s");
        }

        @Test
        @DisplayName("a handler that throws fails the invocation with its own exception (the whole batch is retried)")
        void throwingFailsInvocation() {
            assertThatThrownBy(() -> run(adapter(Rejects.class), resource("sqs-receive-message.json")))
                    .isInstanceOf(OrderRejected.class).hasMessageContaining("queue/my-queue");
        }
    }

    @Nested
    @DisplayName("SNS events")
    class Sns {

        @Test
        @DisplayName("AWS's sample event becomes a MessageBatch of one message with its string attributes")
        void sampleEvent() {
            byte[] out = run(adapter(Batches.class), resource("sns-notification.json"));
            assertThat(out).isEmpty();
            MessageBatch b = Batches.LAST.get();
            assertThat(b.source()).isEqualTo("subscription/sns-lambda/21be56ed-a058-49f5-8c98-aedd2564c486");
            assertThat(b.messages()).singleElement().satisfies(m -> {
                assertThat(m.id()).isEqualTo("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
                assertThat(m.bodyAsString()).isEqualTo("Hello from SNS!");
                assertThat(m.attributes()).isEqualTo(Map.of("Test", "TestString"));
                assertThat(m.sentAt()).isEqualTo(Instant.parse("2019-01-02T12:45:07.000Z"));
            });
        }

        @Test
        @DisplayName("a failed message fails the invocation, so that Lambda retries it")
        void failedMessage() {
            ObjectNode e = event("sns-notification.json");
            ((ObjectNode) e.path("Records").get(0).path("Sns")).put("Message", "fail please");
            assertThatThrownBy(() -> run(adapter(Batches.class), bytes(e)))
                    .isInstanceOf(PolycloudLambdaHandler.MessagesFailedException.class)
                    .hasMessageContaining("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
        }
    }

    @Nested
    @DisplayName("DynamoDB stream events")
    class DynamoDb {

        @Test
        @DisplayName("AWS's sample event becomes a TableChangeBatch: insert, modify, remove with old and new items")
        void sampleEvent() {
            JsonNode result = json(run(adapter(Changes.class), resource("dynamodb-stream.json")));
            TableChangeBatch b = Changes.LAST.get();
            assertThat(b.table()).isEqualTo("ExampleTableWithStream");
            assertThat(b.changes()).extracting(TableChange::type).containsExactly(TableChange.Type.INSERT,
                    TableChange.Type.MODIFY, TableChange.Type.REMOVE);
            assertThat(b.changes()).extracting(TableChange::id).containsExactly("111", "222", "333");
            assertThat(b.changes()).extracting(TableChange::key).containsOnly(Key.of(101L));
            TableChange insert = b.changes().get(0);
            assertThat(insert.oldItem()).isEmpty();
            assertThat(insert.newItem().orElseThrow().getString("Message")).contains("New item!");
            assertThat(insert.newItem().orElseThrow().version()).contains("0");
            TableChange modify = b.changes().get(1);
            assertThat(modify.oldItem().orElseThrow().getString("Message")).contains("New item!");
            assertThat(modify.newItem().orElseThrow().getString("Message")).contains("This item has changed");
            assertThat(b.changes().get(2).newItem()).isEmpty();
            assertThat(result.path("batchItemFailures")).hasSize(1);
            assertThat(result.path("batchItemFailures").get(0).path("itemIdentifier").asText()).isEqualTo("222");
        }

        @Test
        @DisplayName("the driver's key hint decides which of two key attributes is the partition key")
        void sortKeyHint() {
            ObjectNode e = event("dynamodb-stream.json");
            ObjectNode keys = (ObjectNode) e.path("Records").get(0).path("dynamodb").path("Keys");
            keys.removeAll();
            keys.putObject("created").put("S", "2024-01-01");
            keys.putObject("customer").put("S", "ada");
            String hint = Sources.NONE.withTable("ExampleTableWithStream", List.of("customer", "created")).toJson();
            run(adapter(Changes.class, Map.of(Sources.ENV, hint)), bytes(e));
            assertThat(Changes.LAST.get().changes().get(0).key()).isEqualTo(Key.of("ada", "2024-01-01"));
        }

        @Test
        @DisplayName("Polycloud's type marker and version read back exactly")
        void markersAndVersion() throws IOException {
            JsonNode image = PayloadCodec.mapper().readTree("""
                    {"id":{"S":"a"},"price":{"N":"19.90"},"ratio":{"N":"0.5"},"count":{"N":"3"},
                     "nan":{"B":"f/gAAAAAAAA="},"nested":{"M":{"x":{"N":"1.50"}}},"list":{"L":[{"N":"2"},{"N":"2.5"}]},
                     "tags":{"SS":["b","a"]},"flag":{"BOOL":true},"none":{"NULL":true},
                     "_pct":{"M":{"price":{"S":"d"},"ratio":{"S":"f"},"nan":{"S":"x"},
                                  "nested":{"M":{"x":{"S":"d"}}},"list":{"M":{"1":{"S":"f"}}}}},
                     "_pcv":{"S":"v-9"}}""");
            var item = StreamEvents.item(image);
            assertThat(item.version()).contains("v-9");
            assertThat(item.attributes()).doesNotContainKeys("_pct", "_pcv");
            assertThat(item.attributes().get("price")).isEqualTo(Value.of(new java.math.BigDecimal("19.90")));
            assertThat(item.attributes().get("ratio")).isEqualTo(Value.of(0.5));
            assertThat(item.attributes().get("count")).isEqualTo(Value.of(3L));
            assertThat(item.attributes().get("nan")).isEqualTo(Value.of(Double.NaN));
            assertThat(item.attributes().get("nested")).isEqualTo(Value.of(Map.of("x",
                    Value.of(new java.math.BigDecimal("1.50")))));
            assertThat(item.attributes().get("list")).isEqualTo(Value.of(List.of(Value.of(2L), Value.of(2.5))));
            assertThat(item.attributes().get("tags")).isEqualTo(Value.of(List.of(Value.of("b"), Value.of("a"))));
            assertThat(item.attributes().get("none")).isEqualTo(Value.nullValue());
        }
    }

    @Nested
    @DisplayName("Polycloud invocations and raw payloads")
    class Payloads {

        @Test
        @DisplayName("an enveloped payload reaches the handler raw and its answer leaves in an envelope")
        void envelope() {
            byte[] payload = {0, 1, (byte) 0xC3, (byte) 0x28, (byte) 0xff};
            byte[] out = run(adapter(EchoBytes.class), PayloadEnvelope.wrap(payload));
            assertThat(PayloadEnvelope.unwrap(out)).hasValueSatisfying(p -> assertThat(p).isEqualTo(payload));
            assertThat(PayloadEnvelope.unwrap(run(adapter(EchoBytes.class), PayloadEnvelope.wrap(new byte[0]))))
                    .hasValueSatisfying(p -> assertThat(p).isEmpty());
        }

        @Test
        @DisplayName("JSON that is no known event reaches the handler as it is")
        void rawJson() {
            byte[] in = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);
            assertThat(run(adapter(EchoBytes.class), in)).isEqualTo(in);
        }

        @Test
        @DisplayName("a portable event reaches a handler of another input type as the event's JSON")
        void eventToOtherType() {
            byte[] out = run(adapter(Generic.class), resource("sqs-receive-message.json"));
            assertThat(json(out).path("batchItemFailures")).isEmpty();
            byte[] http = run(adapter(Generic.class), resource("apigateway-v2-http-api.json"));
            assertThat(json(http).path("body").asText()).isEqualTo(
                    "keys=[body, headers, method, pathParameters, queryParameters, rawPath]");
        }

        @Test
        @DisplayName("the handler's context has the function name, Lambda's request id and time, and only the spec's environment")
        void context() {
            FakeContext lambda = new FakeContext("orders-fn", 20_000);
            PolycloudLambdaHandler adapter = adapter(Reports.class, Map.of(PolycloudLambdaHandler.ENVIRONMENT_ENV,
                    "COLOUR,EMPTY", "COLOUR", "teal", "EMPTY", "", "JAVA_TOOL_OPTIONS", "-Xshare:auto"));
            JsonNode out = json(PayloadEnvelope.unwrap(run(adapter, PayloadEnvelope.wrap(new byte[0]), lambda))
                    .orElseThrow());
            assertThat(out.path("name").asText()).isEqualTo("orders-fn");
            assertThat(out.path("requestId").asText()).isEqualTo(lambda.getAwsRequestId());
            assertThat(out.path("remaining").asLong()).isBetween(1L, 20_000L);
            assertThat(out.path("logger").asText()).isEqualTo("polycloud.function.orders-fn");
            Map<String, String> env = new LinkedHashMap<>();
            out.path("environment").properties().forEach(f -> env.put(f.getKey(), f.getValue().asText()));
            assertThat(env).isEqualTo(Map.of("COLOUR", "teal", "EMPTY", ""));
        }

        @Test
        @DisplayName("a handler's exception, checked or not, fails the invocation as itself")
        void handlerException() {
            assertThatThrownBy(() -> run(adapter(Rejects.class), PayloadEnvelope.wrap("order-1".getBytes())))
                    .isInstanceOf(OrderRejected.class).hasMessage("rejected order-1");
        }

        @Test
        @DisplayName("a payload the input type cannot decode fails with the decoding error")
        void undecodable() {
            assertThatThrownBy(() -> run(adapter(Generic.class), PayloadEnvelope.wrap("{ not json".getBytes())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Payload is not a valid");
        }

        @Test
        @DisplayName("a missing or unknown handler class fails every invocation naming the problem")
        void handlerMissing() {
            PolycloudLambdaHandler none = new PolycloudLambdaHandler(Map.of(), getClass().getClassLoader());
            assertThatThrownBy(() -> run(none, "{}".getBytes())).isInstanceOf(HandlerLoadException.class)
                    .hasMessageContaining(PolycloudLambdaHandler.HANDLER_ENV);
            PolycloudLambdaHandler unknown = new PolycloudLambdaHandler(Map.of(PolycloudLambdaHandler.HANDLER_ENV,
                    "com.example.Missing"), getClass().getClassLoader());
            assertThatThrownBy(() -> run(unknown, "{}".getBytes())).isInstanceOf(HandlerLoadException.class)
                    .hasMessageContaining("com.example.Missing");
        }

        @Test
        @DisplayName("an event the adapter recognises is not mistaken for an envelope, nor an envelope for an event")
        void recognition() {
            assertThat(PayloadEnvelope.unwrap(event("sqs-receive-message.json"))).isEmpty();
            assertThat(MessageEvents.isSqs(json(PayloadEnvelope.wrap("x".getBytes())))).isFalse();
            assertThat(HttpEvents.isV2(event("apigateway-v1-rest-proxy.json"))).isFalse();
            assertThat(HttpEvents.isV1(event("apigateway-v2-http-api.json"))).isFalse();
            assertThat(StreamEvents.isDynamoDb(event("sns-notification.json"))).isFalse();
            assertThat(Optional.of(MessageEvents.isSns(event("sns-notification.json")))).contains(true);
        }
    }
}

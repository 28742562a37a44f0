package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("GatewayHttp")
class GatewayHttpTest {

    @Nested
    @DisplayName("query strings")
    class Query {

        @Test
        @DisplayName("decode plus as a space and percent-escapes as UTF-8")
        void decodes() {
            assertThat(GatewayHttp.parseQuery("q=a+b%20c&name=%C3%A9t%C3%A9"))
                    .containsExactly(Map.entry("q", List.of("a b c")), Map.entry("name", List.of("été")));
        }

        @Test
        @DisplayName("keep every value of a repeated key in order")
        void repeatedKeys() {
            assertThat(GatewayHttp.parseQuery("tag=b&x=1&tag=a&tag=b"))
                    .containsExactly(Map.entry("tag", List.of("b", "a", "b")), Map.entry("x", List.of("1")));
        }

        @Test
        @DisplayName("give a key without '=' the empty value and skip empty pairs")
        void bareKeysAndEmptyPairs() {
            assertThat(GatewayHttp.parseQuery("&flag&&a=&=v&"))
                    .containsExactly(Map.entry("flag", List.of("")), Map.entry("a", List.of("")),
                            Map.entry("", List.of("v")));
        }

        @Test
        @DisplayName("are empty for null or an empty string")
        void empty() {
            assertThat(GatewayHttp.parseQuery(null)).isEmpty();
            assertThat(GatewayHttp.parseQuery("")).isEmpty();
            assertThat(GatewayHttp.parseQueryLenient(null)).isEmpty();
        }

        @Test
        @DisplayName("reject malformed percent-encoding when strict")
        void strictRejects() {
            assertThatThrownBy(() -> GatewayHttp.parseQuery("bad=%zz")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> GatewayHttp.parseQuery("%4=x")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("keep a malformed name or value as sent when lenient, decoding the rest")
        void lenientKeeps() {
            assertThat(GatewayHttp.parseQueryLenient("bad=%zz&ok=%41&%4=x"))
                    .containsExactly(Map.entry("bad", List.of("%zz")), Map.entry("ok", List.of("A")),
                            Map.entry("%4", List.of("x")));
        }
    }

    @Nested
    @DisplayName("headers")
    class HeaderFolding {

        @Test
        @DisplayName("fold names to lower case and keep every value in order, names sorted")
        void folds() {
            Map<String, List<String>> headers = GatewayHttp.newHeaders();
            GatewayHttp.addHeader(headers, "X-Trace", "1");
            GatewayHttp.addHeader(headers, "accept", "text/plain");
            GatewayHttp.addHeader(headers, "x-TRACE", "2");
            assertThat(headers).containsExactly(Map.entry("accept", List.of("text/plain")),
                    Map.entry("x-trace", List.of("1", "2")));
        }

        @Test
        @DisplayName("refuse a null value")
        void nullValue() {
            assertThatThrownBy(() -> GatewayHttp.addHeader(GatewayHttp.newHeaders(), "a", null))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    @DisplayName("bodies")
    class Bodies {

        @Test
        @DisplayName("round-trip binary bytes through base64")
        void base64RoundTrip() {
            byte[] bytes = {0, (byte) 0xff, (byte) 0xc3, 0x28, 10};
            GatewayHttp.EventBody encoded = GatewayHttp.encodeBody(bytes, "application/octet-stream");
            assertThat(encoded.base64()).isTrue();
            assertThat(GatewayHttp.decodeBody(encoded.text(), encoded.base64())).containsExactly(bytes);
        }

        @Test
        @DisplayName("carry textual UTF-8 bodies as text")
        void textStaysText() {
            byte[] bytes = "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8);
            GatewayHttp.EventBody encoded = GatewayHttp.encodeBody(bytes, "application/json");
            assertThat(encoded).isEqualTo(new GatewayHttp.EventBody("{\"a\":\"é\"}", false));
            assertThat(GatewayHttp.decodeBody(encoded.text(), false)).containsExactly(bytes);
        }

        @Test
        @DisplayName("use base64 for invalid UTF-8 even under a textual type, and for a missing type")
        void invalidUtf8() {
            assertThat(GatewayHttp.encodeBody(new byte[] {(byte) 0xc3, 0x28}, "text/plain").base64()).isTrue();
            assertThat(GatewayHttp.encodeBody("hi".getBytes(StandardCharsets.UTF_8), null).base64()).isTrue();
        }

        @Test
        @DisplayName("carry an empty body as empty text and read a missing body as no bytes")
        void empty() {
            assertThat(GatewayHttp.encodeBody(new byte[0], null)).isEqualTo(new GatewayHttp.EventBody("", false));
            assertThat(GatewayHttp.decodeBody(null, true)).isEmpty();
        }

        @Test
        @DisplayName("refuse a body marked base64 that is not")
        void badBase64() {
            assertThatThrownBy(() -> GatewayHttp.decodeBody("not base64!", true))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("treat text, JSON, XML, JavaScript, forms and charset types as textual")
        void textualTypes() {
            assertThat(List.of("text/html", "application/problem+json", "application/xml", "text/javascript",
                    "application/x-www-form-urlencoded", "application/x-thing; charset=utf-8"))
                    .allMatch(GatewayHttp::textual);
            assertThat(GatewayHttp.textual("image/png")).isFalse();
        }
    }

    @Nested
    @DisplayName("the gateway's own answers")
    class Answers {

        @Test
        @DisplayName("map each failure to its status with a JSON message body")
        void statusMapping() {
            assertThat(List.of(GatewayHttp.badRequest("x"), GatewayHttp.notFound(),
                    GatewayHttp.methodNotAllowed("GET"), GatewayHttp.payloadTooLarge(), GatewayHttp.tooManyRequests(),
                    GatewayHttp.internalError(), GatewayHttp.badGateway(), GatewayHttp.gatewayTimeout()))
                    .extracting(HttpResponse::status).containsExactly(400, 404, 405, 413, 429, 500, 502, 504);
            assertThat(GatewayHttp.badGateway().bodyAsString()).isEqualTo("{\"message\":\"Bad Gateway\"}");
            assertThat(GatewayHttp.gatewayTimeout().headers().first("content-type")).contains("application/json");
        }

        @Test
        @DisplayName("name the allowed methods on a 405")
        void allow() {
            assertThat(GatewayHttp.methodNotAllowed("GET, PUT").headers().first("allow")).contains("GET, PUT");
        }

        @Test
        @DisplayName("write a message with quotes and backslashes as valid JSON")
        void escapes() throws Exception {
            HttpResponse r = GatewayHttp.badRequest("bad \"%zz\" \\ here");
            JsonNode node = PayloadCodec.mapper().readTree(r.body());
            assertThat(node.size()).isEqualTo(1);
            assertThat(node.get("message").asText()).isEqualTo("Bad Request: bad \"%zz\" \\ here");
        }

        @Test
        @DisplayName("write a handler failure as errorType and errorMessage, a null message as empty")
        void handlerError() throws Exception {
            JsonNode node = PayloadCodec.mapper().readTree(GatewayHttp.handlerErrorBody("java.lang.X", null));
            assertThat(node.get("errorType").asText()).isEqualTo("java.lang.X");
            assertThat(node.get("errorMessage").asText()).isEmpty();
            assertThat(node.size()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("handler output")
    class Output {

        @Test
        @DisplayName("is the encoded HttpResponse it decodes to")
        void decodesResponse() {
            HttpResponse r = new HttpResponse(201, Headers.of(Map.of("x-a", "1")),
                    "made".getBytes(StandardCharsets.UTF_8));
            assertThat(GatewayHttp.responseOf(PayloadCodec.encode(r))).isEqualTo(r);
        }

        @Test
        @DisplayName("is otherwise the body of a 200, JSON or not")
        void otherwiseBody() {
            byte[] json = "{\"total\":3}".getBytes(StandardCharsets.UTF_8);
            assertThat(GatewayHttp.responseOf(json).status()).isEqualTo(200);
            assertThat(GatewayHttp.responseOf(json).body()).containsExactly(json);
            assertThat(GatewayHttp.responseOf("{not json".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
            assertThat(GatewayHttp.responseOf(new byte[0]).body()).isEmpty();
        }
    }

    @Nested
    @DisplayName("request targets")
    class Targets {

        @Test
        @DisplayName("keep the raw path and query of an absolute URI and drop the fragment")
        void absolute() {
            assertThat(GatewayHttp.rawTarget("https://host:8080/a%2Fb/c?x=%20#frag")).isEqualTo("/a%2Fb/c?x=%20");
            assertThat(GatewayHttp.rawTarget("http://host?x=1")).isEqualTo("/?x=1");
        }

        @Test
        @DisplayName("keep an origin-form target and answer '/' for none")
        void originForm() {
            assertThat(GatewayHttp.rawTarget("/p?q")).isEqualTo("/p?q");
            assertThat(GatewayHttp.rawTarget(null)).isEqualTo("/");
            assertThat(GatewayHttp.rawTarget("")).isEqualTo("/");
        }
    }

    @Nested
    @DisplayName("the invocation context")
    class Context {

        @Test
        @DisplayName("counts down to its deadline and never below zero")
        void remaining() {
            InvocationContext c = new InvocationContext("f", "r", System.nanoTime() + Duration.ofHours(1).toNanos(),
                    Map.of());
            assertThat(c.remainingTime()).isGreaterThan(Duration.ofMinutes(59));
            assertThat(new InvocationContext("f", "r", System.nanoTime() - 1, Map.of()).remainingTime())
                    .isEqualTo(Duration.ZERO);
            assertThat(c.logger().getName()).isEqualTo("polycloud.function.f");
        }
    }
}

package dev.polycloud.local.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.gateway.GatewaySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Local-only details of the function runtime and gateway that the shared suite does not pin:
 * query-string parsing and the handling of handler results that are not HttpResponses.
 */
@DisplayName("The local function runtime and gateway")
class LocalFunctionsSmokeTest {

    /** Answers with the path parameter, for routing checks. */
    public static final class Hello implements FunctionHandler<HttpRequest, HttpResponse> {
        @Override
        public HttpResponse handle(HttpRequest input, FunctionContext context) {
            return HttpResponse.ok("hello " + input.pathParameter("name").orElse("?") + " "
                    + input.queryParameters().getOrDefault("tag", List.of()));
        }
    }

    /** Returns a plain string: the gateway serves it as a 200 body. */
    public static final class Plain implements FunctionHandler<HttpRequest, String> {
        @Override
        public String handle(HttpRequest input, FunctionContext context) {
            return "plain text";
        }
    }

    /** Always fails. */
    public static final class Broken implements FunctionHandler<String, String> {
        @Override
        public String handle(String input, FunctionContext context) {
            throw new UnsupportedOperationException("nope: " + input);
        }
    }

    private Cloud cloud;

    @BeforeEach
    void open() {
        cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build());
    }

    @AfterEach
    void close() {
        cloud.close();
    }

    @Test
    @DisplayName("query strings keep repeated keys in order and decode values")
    void queryParsing() {
        assertThat(dev.polycloud.internal.GatewayHttp.parseQuery("tag=a&tag=b%20c&empty&x=1"))
                .isEqualTo(Map.of("tag", List.of("a", "b c"), "empty", List.of(""), "x", List.of("1")));
        assertThatThrownBy(() -> dev.polycloud.internal.GatewayHttp.parseQuery("bad=%zz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a failing handler surfaces its type and message")
    void failure() {
        cloud.functions().deploy(FunctionSpec.builder("broken", Broken.class).build());
        assertThatThrownBy(() -> cloud.functions().invoke("broken", "x"))
                .isInstanceOfSatisfying(FunctionFailedException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(UnsupportedOperationException.class.getName());
                    assertThat(e.errorMessage()).isEqualTo("nope: x");
                });
    }

    @Test
    @DisplayName("the gateway routes with path and query parameters, and serves plain results as 200")
    void gateway() throws Exception {
        cloud.functions().deploy(FunctionSpec.builder("hello", Hello.class).build());
        cloud.functions().deploy(FunctionSpec.builder("plain", Plain.class).build());
        URI base = cloud.gateway("smoke").deploy(GatewaySpec.builder()
                .route("GET /hello/{name}", "hello").route("GET /plain", "plain").build());
        HttpClient http = HttpClient.newHttpClient();
        var hello = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/hello/w%C3%B6rld?tag=a&tag=b"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hello wörld [a, b]");
        var plain = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/plain")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo("plain text");
        assertThat(cloud.gateway("smoke").openApi()).contains("/hello/{name}").contains("\"x-polycloud-function\" : \"hello\"");
    }
}

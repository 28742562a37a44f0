package dev.polycloud.gcp.functions;

import dev.polycloud.gcp.internal.GcpErrors;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.gcp.functions.FunctionProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("GCP HTTP error mapping of function invocations")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcpHttpErrorsTest {

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({"400, INVALID_ARGUMENT", "401, UNAUTHENTICATED", "403, PERMISSION_DENIED", "404, NOT_FOUND",
            "405, UNIMPLEMENTED", "408, DEADLINE_EXCEEDED", "409, ALREADY_EXISTS", "410, NOT_FOUND",
            "412, PRECONDITION_FAILED", "413, INVALID_ARGUMENT", "429, THROTTLED", "500, INTERNAL",
            "501, UNIMPLEMENTED", "502, UNAVAILABLE", "503, UNAVAILABLE", "504, DEADLINE_EXCEEDED",
            "418, UNKNOWN", "302, UNKNOWN"})
    @DisplayName("every HTTP status has a portable code")
    void table(int status, ErrorCode code) {
        assertThat(GcpErrors.httpCode(status)).isEqualTo(code);
        assertThat(GcpErrors.invocation("fn-a", status, null, new byte[0]).code()).isEqualTo(code);
    }

    @Test
    @DisplayName("a 500 with the adapter's error body is FUNCTION_FAILED with the handler's type and message")
    void handlerFailure() {
        byte[] body = new FunctionProtocol.ErrorBody("com.example.Boom", "it broke").toJson();
        CloudException e = GcpErrors.invocation("fn-a", 500, FunctionProtocol.ERROR_HANDLER, body);
        assertThat(e).isInstanceOfSatisfying(FunctionFailedException.class, f -> {
            assertThat(f.errorType()).isEqualTo("com.example.Boom");
            assertThat(f.errorMessage()).isEqualTo("it broke");
            assertThat(f.retryable()).isFalse();
            assertThat(f.provider()).contains("gcp");
        });
    }

    @Test
    @DisplayName("a handler that cannot be loaded is INTERNAL, not a handler failure; a 500 without our body is INTERNAL")
    void notHandlerFailures() {
        byte[] body = new FunctionProtocol.ErrorBody("HandlerLoadException", "class x not found").toJson();
        CloudException load = GcpErrors.invocation("fn-a", 500, FunctionProtocol.ERROR_DEPLOYMENT, body);
        assertThat(load).isNotInstanceOf(FunctionFailedException.class);
        assertThat(load.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(load.getMessage()).contains("class x not found");
        CloudException plain = GcpErrors.invocation("fn-a", 500, null,
                "<html>Error: Server Error</html>".getBytes(StandardCharsets.UTF_8));
        assertThat(plain).isNotInstanceOf(FunctionFailedException.class);
        assertThat(plain.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(plain.getMessage()).contains("HTTP 500").contains("Server Error");
    }

    @Test
    @DisplayName("a transport timeout is DEADLINE_EXCEEDED, a refused connection UNAVAILABLE")
    void transport() {
        assertThat(GcpErrors.transport(new HttpTimeoutException("slow"), "invoke", "function f").code())
                .isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
        assertThat(GcpErrors.transport(new java.net.http.HttpConnectTimeoutException("no"), "invoke", "function f")
                .code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(GcpErrors.transport(new java.net.ConnectException("refused"), "invoke", "function f").code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Nested
    @DisplayName("the HTTP invoker against a local server answering chosen statuses")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OverHttp {

        private HttpServer server;
        private final List<String> authorizations = new CopyOnWriteArrayList<>();
        private final List<String> invokeHeaders = new CopyOnWriteArrayList<>();

        @BeforeAll
        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                invokeHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst(
                        FunctionProtocol.INVOKE_HEADER)));
                byte[] in = exchange.getRequestBody().readAllBytes();
                int status = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
                if (status == 299) {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    status = 200;
                }
                exchange.sendResponseHeaders(status, in.length == 0 ? -1 : in.length);
                if (in.length > 0) {
                    exchange.getResponseBody().write(in);
                }
                exchange.close();
            });
            server.start();
        }

        @AfterAll
        void stop() {
            server.stop(0);
        }

        private FunctionHttpInvoker invoker() {
            return new FunctionHttpInvoker(HttpClient.newHttpClient(), audience -> {
                throw new AssertionError("no ID token may be requested for plain http (" + audience + ")");
            });
        }

        private URI url(int status) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + status);
        }

        @ParameterizedTest(name = "HTTP {0} is {1}")
        @CsvSource({"404, NOT_FOUND", "429, THROTTLED", "403, PERMISSION_DENIED", "401, UNAUTHENTICATED",
                "503, UNAVAILABLE", "504, DEADLINE_EXCEEDED"})
        @DisplayName("an answer outside 2xx is mapped, and no token travels over plain http")
        void statuses(int status, ErrorCode code) {
            CloudException e = org.junit.jupiter.api.Assertions.assertThrows(CloudException.class,
                    () -> invoker().invoke("fn-x", url(status), new byte[0], Duration.ofSeconds(5)));
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.resource()).contains("function fn-x");
            assertThat(authorizations).allMatch("null"::equals);
            assertThat(invokeHeaders).allMatch(FunctionProtocol.INVOKE_PAYLOAD::equals);
        }

        @Test
        @DisplayName("a 2xx answer is the payload")
        void success() {
            byte[] payload = {1, 2, (byte) 0xff};
            assertThat(invoker().invoke("fn-x", url(200), payload, Duration.ofSeconds(5))).isEqualTo(payload);
        }

        @Test
        @DisplayName("no answer within the function's timeout plus the grace period is DEADLINE_EXCEEDED")
        void timeout() {
            FunctionHttpInvoker impatient = new FunctionHttpInvoker(HttpClient.newHttpClient(), a -> "x",
                    Duration.ofMillis(500));
            long start = System.nanoTime();
            CloudException e = org.junit.jupiter.api.Assertions.assertThrows(CloudException.class,
                    () -> impatient.invoke("fn-x", url(299), new byte[0], Duration.ofMillis(500)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
            assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
        }

        @Test
        @DisplayName("a closed port is UNAVAILABLE")
        void refused() throws IOException {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            CloudException e = org.junit.jupiter.api.Assertions.assertThrows(CloudException.class,
                    () -> invoker().invoke("fn-x", URI.create("http://127.0.0.1:" + port + "/"), new byte[0],
                            Duration.ofSeconds(5)));
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        }
    }

    @Test
    @DisplayName("the ID token audience is the function URL without query, fragment or trailing slash")
    void audience() {
        assertThat(FunctionHttpInvoker.audience(URI.create("https://fn-abc-ew.a.run.app/?x=1")))
                .isEqualTo("https://fn-abc-ew.a.run.app");
        assertThat(FunctionHttpInvoker.audience(URI.create("https://europe-west1-p.cloudfunctions.net/orders")))
                .isEqualTo("https://europe-west1-p.cloudfunctions.net/orders");
    }
}

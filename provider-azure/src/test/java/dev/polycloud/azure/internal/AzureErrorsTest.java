package dev.polycloud.azure.internal;


import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.data.tables.models.TableServiceError;
import com.azure.data.tables.models.TableServiceException;
import com.azure.messaging.servicebus.ServiceBusErrorSource;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.storage.queue.models.QueueStorageException;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.net.ConnectException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.charset.Charset;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The error mapping, for every status and code, including those Azurite never answers (429, 503,
 * 401...). The HTTP responses here are minimal stand-ins carrying a status and headers; the
 * exceptions are the SDK's own classes. The codes Azurite does answer are also checked against it
 * in {@code AzuriteDriverTest}.
 */
@DisplayName("Azure error mapping")
class AzureErrorsTest {

    /** A response with a status and an x-ms-error-code header, nothing else. */
    static final class StatusResponse extends HttpResponse {
        private final int status;
        private final HttpHeaders headers = new HttpHeaders();

        StatusResponse(int status, String errorCode) {
            super(request());
            this.status = status;
            if (errorCode != null) {
                headers.set(HttpHeaderName.fromString("x-ms-error-code"), errorCode);
            }
        }

        private static HttpRequest request() {
            try {
                return new HttpRequest(HttpMethod.GET, new URL("http://127.0.0.1/account?sig=SECRET"));
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        @SuppressWarnings("deprecation")
        public String getHeaderValue(String name) {
            return headers.getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.empty();
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.empty();
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.empty();
        }
    }

    private static CloudException map(Throwable t) {
        return AzureErrors.map(t, "queue orders");
    }

    @Nested
    @DisplayName("HTTP failures")
    class Http {

        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource({
            "404, QueueNotFound, NOT_FOUND",
            "404, TableNotFound, NOT_FOUND",
            "404, ResourceNotFound, NOT_FOUND",
            "404, , NOT_FOUND",
            "409, QueueAlreadyExists, ALREADY_EXISTS",
            "409, EntityAlreadyExists, ALREADY_EXISTS",
            "409, TableBeingDeleted, UNAVAILABLE",
            "409, QueueBeingDeleted, UNAVAILABLE",
            "412, UpdateConditionNotSatisfied, PRECONDITION_FAILED",
            "412, , PRECONDITION_FAILED",
            "400, PopReceiptMismatch, PRECONDITION_FAILED",
            "400, InvalidInput, INVALID_ARGUMENT",
            "400, , INVALID_ARGUMENT",
            "413, RequestBodyTooLarge, INVALID_ARGUMENT",
            "400, EntityTooLarge, INVALID_ARGUMENT",
            "401, , UNAUTHENTICATED",
            "403, AuthenticationFailed, UNAUTHENTICATED",
            "403, AuthorizationPermissionMismatch, PERMISSION_DENIED",
            "403, , PERMISSION_DENIED",
            "429, , THROTTLED",
            "503, ServerBusy, THROTTLED",
            "503, , UNAVAILABLE",
            "500, InternalError, UNAVAILABLE",
            "502, , UNAVAILABLE",
            "500, OperationTimedOut, DEADLINE_EXCEEDED",
            "504, , DEADLINE_EXCEEDED",
            "408, , DEADLINE_EXCEEDED",
        })
        @DisplayName("status and service error code map to the portable code")
        void mapping(int status, String code, ErrorCode expected) {
            CloudException e = map(new HttpResponseException("boom", new StatusResponse(status, code)));
            assertThat(e.code()).isEqualTo(expected);
            assertThat(e.retryable()).isEqualTo(expected.retryable());
        }

        @Test
        @DisplayName("the exception names provider and resource, keeps the cause, and leaks no URL or signature")
        void labelled() {
            QueueStorageException vendor = new QueueStorageException("The specified queue does not exist.\nRequestId:1",
                    new StatusResponse(404, "QueueNotFound"), null);
            CloudException e = map(vendor);
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.provider()).contains("azure");
            assertThat(e.resource()).contains("queue orders");
            assertThat(e.getCause()).isSameAs(vendor);
            assertThat(e.getMessage()).contains("404").contains("QueueNotFound")
                    .contains("The specified queue does not exist.").doesNotContain("RequestId")
                    .doesNotContain("SECRET").doesNotContain("127.0.0.1");
        }

        @Test
        @DisplayName("the typed error code of Table Storage exceptions is used")
        void tableErrorCode() {
            TableServiceException vendor = new TableServiceException("x", new StatusResponse(409, null),
                    new TableServiceError("EntityAlreadyExists", "The specified entity already exists."));
            assertThat(map(vendor).code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
            assertThat(AzureErrors.hasServiceCode(vendor, "entityalreadyexists")).isTrue();
        }

        @Test
        @DisplayName("a bad signature answered as AuthorizationFailure is still UNAUTHENTICATED; a real denial is not")
        void authorizationFailureWording() {
            HttpResponseException badSignature = new HttpResponseException("Status code 403, \"<Error><Code>"
                    + "AuthorizationFailure</Code><Message>Server failed to authenticate the request.</Message></Error>\"",
                    new StatusResponse(403, "AuthorizationFailure"));
            assertThat(map(badSignature).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            HttpResponseException denied = new HttpResponseException("This request is not authorized to perform this"
                    + " operation.", new StatusResponse(403, "AuthorizationFailure"));
            assertThat(map(denied).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        }

        @Test
        @DisplayName("a service code found only in the error body is used")
        void codeInBody() {
            HttpResponseException e = new HttpResponseException("Status code 409, \"<Error><Code>TableBeingDeleted"
                    + "</Code></Error>\"", new StatusResponse(409, null));
            assertThat(map(e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        }

        @Test
        @DisplayName("a credential failure without a response is UNAUTHENTICATED")
        void credentialFailure() {
            assertThat(map(new ClientAuthenticationException("no credential", null)).code())
                    .isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
    }

    @Nested
    @DisplayName("Service Bus failures")
    class ServiceBus {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "NOT_FOUND, NOT_FOUND",
            "MESSAGE_LOCK_LOST, PRECONDITION_FAILED",
            "SESSION_LOCK_LOST, PRECONDITION_FAILED",
            "ENTITY_ALREADY_EXISTS, ALREADY_EXISTS",
            "SERVER_BUSY_ERROR, THROTTLED",
            "RESOURCE_LIMIT_EXCEEDED, THROTTLED",
            "TIMEOUT_ERROR, DEADLINE_EXCEEDED",
            "UNAUTHORIZED_ACCESS, PERMISSION_DENIED",
            "LINK_PAYLOAD_SIZE_EXCEEDED, INVALID_ARGUMENT",
            "ENTITY_DISABLED_ERROR, UNAVAILABLE",
        })
        @DisplayName("the AMQP condition maps to the portable code")
        void mapping(String condition, ErrorCode expected) {
            AmqpException amqp = new AmqpException(false, AmqpErrorCondition.valueOf(condition), "m", null);
            CloudException e = map(new ServiceBusException(amqp, ServiceBusErrorSource.RECEIVE));
            assertThat(e.code()).isEqualTo(expected);
            assertThat(e.provider()).contains("azure");
        }

        @Test
        @DisplayName("a transient failure without a precise reason is UNAVAILABLE")
        void transientFailure() {
            AmqpException amqp = new AmqpException(true, "connection reset", null);
            assertThat(map(new ServiceBusException(amqp, ServiceBusErrorSource.SEND)).code())
                    .isEqualTo(ErrorCode.UNAVAILABLE);
        }
    }

    @Nested
    @DisplayName("transport failures")
    class Transport {

        @Test
        @DisplayName("a timeout anywhere in the cause chain is DEADLINE_EXCEEDED")
        void timeout() {
            assertThat(map(new RuntimeException(new TimeoutException("no answer"))).code())
                    .isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
            assertThat(map(new IllegalStateException("x", new java.net.SocketTimeoutException("read"))).code())
                    .isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
        }

        @Test
        @DisplayName("a refused connection or unknown host is UNAVAILABLE (retryable)")
        void unreachable() {
            CloudException e = map(new RuntimeException(new ConnectException("Connection refused")));
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
            assertThat(map(new java.io.UncheckedIOException(new java.net.UnknownHostException("nowhere"))).code())
                    .isEqualTo(ErrorCode.UNAVAILABLE);
        }

        @Test
        @DisplayName("an argument the SDK refuses is INVALID_ARGUMENT; anything else is UNKNOWN with its cause")
        void others() {
            assertThat(map(new IllegalArgumentException("bad")).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            RuntimeException odd = new UnsupportedOperationException("odd");
            CloudException e = map(odd);
            assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN);
            assertThat(e.getCause()).isSameAs(odd);
        }

        @Test
        @DisplayName("a CloudException passes through, labelled where it was not")
        void passThrough() {
            CloudException original = new CloudException(ErrorCode.PRECONDITION_FAILED, "stale");
            CloudException e = map(original);
            assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
            assertThat(e.resource()).contains("queue orders");
        }
    }

    @Nested
    @DisplayName("Azure Functions answers")
    class FunctionAnswers {

        @ParameterizedTest(name = "HTTP {0} is {1}")
        @CsvSource({"404, NOT_FOUND", "401, UNAUTHENTICATED", "403, PERMISSION_DENIED", "429, THROTTLED",
            "408, DEADLINE_EXCEEDED", "504, DEADLINE_EXCEEDED", "413, INVALID_ARGUMENT", "414, INVALID_ARGUMENT",
            "502, UNAVAILABLE", "503, UNAVAILABLE", "500, INTERNAL", "409, ALREADY_EXISTS", "501, UNIMPLEMENTED"})
        void status(int status, ErrorCode code) {
            CloudException e = AzureErrors.functionAnswer("pricing", status, "Host says no".getBytes(StandardCharsets.UTF_8));
            assertThat(e.code()).isEqualTo(code);
            assertThat(e).isNotInstanceOf(dev.polycloud.function.FunctionFailedException.class);
            assertThat(e.provider()).contains("azure");
            assertThat(e.resource()).contains("function pricing");
            assertThat(e.getMessage()).contains("HTTP " + status).contains("Host says no");
        }

        @ParameterizedTest(name = "HTTP {0} with the adapter's error body")
        @CsvSource({"500", "502"})
        void handlerFailure(int status) {
            CloudException e = AzureErrors.functionAnswer("pricing", status,
                    dev.polycloud.azure.functions.FunctionsProtocol.errorBody("com.example.Boom", "it broke"));
            assertThat(e).isInstanceOfSatisfying(dev.polycloud.function.FunctionFailedException.class, f -> {
                assertThat(f.errorType()).isEqualTo("com.example.Boom");
                assertThat(f.errorMessage()).isEqualTo("it broke");
                assertThat(f.code()).isEqualTo(ErrorCode.FUNCTION_FAILED);
            });
        }

        @Test
        @DisplayName("a 500 whose JSON body is not the adapter's is INTERNAL, and a long body is cut")
        void otherJson() {
            assertThat(AzureErrors.functionAnswer("f", 500, "{\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                    .code()).isEqualTo(ErrorCode.INTERNAL);
            CloudException e = AzureErrors.functionAnswer("f", 503, "y".repeat(5000).getBytes(StandardCharsets.UTF_8));
            assertThat(e.getMessage().length()).isLessThan(600);
        }
    }

    @Nested
    @DisplayName("Resource Manager answers")
    class ResourceManager {

        @ParameterizedTest(name = "{0} {1} is {2}")
        @CsvSource({"404, ResourceNotFound, NOT_FOUND", "404, ResourceGroupNotFound, NOT_FOUND",
            "403, AuthorizationFailed, PERMISSION_DENIED", "401, InvalidAuthenticationToken, UNAUTHENTICATED",
            "401, ExpiredAuthenticationToken, UNAUTHENTICATED", "400, ValidationError, INVALID_ARGUMENT",
            "412, PreconditionFailed, PRECONDITION_FAILED", "429, TooManyRequests, THROTTLED",
            "409, Conflict, ALREADY_EXISTS", "503, ServiceUnavailable, UNAVAILABLE", "500, InternalError, UNAVAILABLE",
            "0, ValidationError, INVALID_ARGUMENT", "0, SomethingNew, UNKNOWN"})
        void codes(int status, String code, ErrorCode expected) {
            CloudException e = AzureErrors.management(status, "{\"error\":{\"code\":\"" + code
                    + "\",\"message\":\"first line\\nsecond line\"}}", "gateway shop");
            assertThat(e.code()).isEqualTo(expected);
            assertThat(e.getMessage()).contains(code).contains("gateway shop").contains("first line")
                    .doesNotContain("second line");
        }

        @Test
        @DisplayName("an answer without a JSON error is mapped by its status")
        void noBody() {
            assertThat(AzureErrors.management(404, "", "x").code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(AzureErrors.management(502, "<html>bad gateway</html>", "x").code()).isEqualTo(ErrorCode.UNAVAILABLE);
        }

        @Test
        @DisplayName("a JDK HTTP client timeout is DEADLINE_EXCEEDED")
        void httpTimeout() {
            assertThat(AzureErrors.map(new java.net.http.HttpTimeoutException("request timed out"), "function f").code())
                    .isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
            assertThat(AzureErrors.map(new java.net.http.HttpConnectTimeoutException("connect timed out"), "function f")
                    .code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
        }
    }
}

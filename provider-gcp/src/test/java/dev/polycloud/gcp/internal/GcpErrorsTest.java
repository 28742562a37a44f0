package dev.polycloud.gcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("GCP error mapping")
class GcpErrorsTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(Status.Code.NOT_FOUND, ErrorCode.NOT_FOUND),
                Arguments.of(Status.Code.ALREADY_EXISTS, ErrorCode.ALREADY_EXISTS),
                Arguments.of(Status.Code.FAILED_PRECONDITION, ErrorCode.PRECONDITION_FAILED),
                Arguments.of(Status.Code.ABORTED, ErrorCode.PRECONDITION_FAILED),
                Arguments.of(Status.Code.INVALID_ARGUMENT, ErrorCode.INVALID_ARGUMENT),
                Arguments.of(Status.Code.OUT_OF_RANGE, ErrorCode.INVALID_ARGUMENT),
                Arguments.of(Status.Code.PERMISSION_DENIED, ErrorCode.PERMISSION_DENIED),
                Arguments.of(Status.Code.UNAUTHENTICATED, ErrorCode.UNAUTHENTICATED),
                Arguments.of(Status.Code.RESOURCE_EXHAUSTED, ErrorCode.THROTTLED),
                Arguments.of(Status.Code.UNAVAILABLE, ErrorCode.UNAVAILABLE),
                Arguments.of(Status.Code.DEADLINE_EXCEEDED, ErrorCode.DEADLINE_EXCEEDED),
                Arguments.of(Status.Code.UNIMPLEMENTED, ErrorCode.UNIMPLEMENTED),
                Arguments.of(Status.Code.INTERNAL, ErrorCode.INTERNAL),
                Arguments.of(Status.Code.DATA_LOSS, ErrorCode.INTERNAL),
                Arguments.of(Status.Code.CANCELLED, ErrorCode.UNKNOWN),
                Arguments.of(Status.Code.UNKNOWN, ErrorCode.UNKNOWN));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    @DisplayName("every gRPC status maps to its portable code, from a gax ApiException")
    void apiException(Status.Code status, ErrorCode expected) {
        StatusRuntimeException grpc = status.toStatus().withDescription("vendor says no").asRuntimeException();
        var api = ApiExceptionFactory.createException(grpc, GrpcStatusCode.of(status), false);
        CloudException e = GcpErrors.map(api, "publish", "topic events");
        assertThat(e.code()).isEqualTo(expected);
        assertThat(e.getCause()).isSameAs(api);
        assertThat(e.provider()).contains("gcp");
        assertThat(e.resource()).contains("topic events");
        assertThat(e.getMessage()).contains("publish").contains("topic events").contains("vendor says no");
    }

    @ParameterizedTest
    @EnumSource(Status.Code.class)
    @DisplayName("a raw gRPC exception inside an ExecutionException maps the same way")
    void wrappedGrpc(Status.Code status) {
        StatusRuntimeException grpc = status.toStatus().asRuntimeException();
        CloudException e = GcpErrors.map(new ExecutionException(grpc), "get", "table users");
        assertThat(e.code()).isEqualTo(GcpErrors.code(status));
        assertThat(e.getCause()).isSameAs(grpc);
    }

    @Test
    @DisplayName("only THROTTLED, UNAVAILABLE and DEADLINE_EXCEEDED come out retryable")
    void retryable() {
        for (Status.Code status : Status.Code.values()) {
            ErrorCode code = GcpErrors.code(status);
            boolean transientStatus = status == Status.Code.RESOURCE_EXHAUSTED || status == Status.Code.UNAVAILABLE
                    || status == Status.Code.DEADLINE_EXCEEDED;
            assertThat(code.retryable()).as("%s", status).isEqualTo(transientStatus);
        }
    }

    @Test
    @DisplayName("a CloudException thrown inside a callback comes out as itself, labelled")
    void cloudExceptionPassesThrough() {
        CloudException inner = new CloudException(ErrorCode.PRECONDITION_FAILED, "stale");
        CloudException e = GcpErrors.map(new ExecutionException(new RuntimeException(inner)), "put", "table t");
        assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
        assertThat(e.getMessage()).isEqualTo("stale");
        assertThat(e.provider()).contains("gcp");
        assertThat(e.resource()).contains("table t");
    }

    @Test
    @DisplayName("an interruption is DEADLINE_EXCEEDED and keeps the interrupt flag")
    void interrupted() {
        CloudException e = GcpErrors.map(new InterruptedException(), "receive", "queue q");
        assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    @DisplayName("a client-side IllegalArgumentException is INVALID_ARGUMENT; anything else UNKNOWN")
    void nonGrpc() {
        assertThat(GcpErrors.map(new IllegalArgumentException("bad path"), "get", "table t").code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(GcpErrors.map(new IllegalStateException("odd"), "get", "table t").code())
                .isEqualTo(ErrorCode.UNKNOWN);
    }
}

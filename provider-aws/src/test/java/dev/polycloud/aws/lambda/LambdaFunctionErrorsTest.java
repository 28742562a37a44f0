package dev.polycloud.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.FunctionFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What Lambda answers when a function fails (the error payloads of AWS's documentation and of the
 * Java runtime), and what the caller gets.
 */
@DisplayName("Lambda function errors")
class LambdaFunctionErrorsTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LambdaFunctionErrorsTest.class.getResourceAsStream("/events/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    @DisplayName("a handler's exception is FUNCTION_FAILED with the errorType and errorMessage Lambda reports")
    void handlerError() throws IOException {
        CloudException e = LambdaFunctionDriver.failure("orders", "Unhandled", resource("lambda-function-error.json"));
        assertThat(e).isInstanceOfSatisfying(FunctionFailedException.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.FUNCTION_FAILED);
            assertThat(f.errorType()).isEqualTo("dev.polycloud.conformance.handlers.DeliberateFailureException");
            assertThat(f.errorMessage()).isEqualTo("Failed on purpose: order-42");
            assertThat(f.provider()).contains("aws");
            assertThat(f.resource()).contains("function orders");
            assertThat(f.retryable()).isFalse();
        });
    }

    @Test
    @DisplayName("Lambda's timeout is DEADLINE_EXCEEDED, in the current and the older wording")
    void timeout() throws IOException {
        CloudException current = LambdaFunctionDriver.failure("orders", "Unhandled", resource("lambda-timeout-error.json"));
        assertThat(current).isNotInstanceOf(FunctionFailedException.class);
        assertThat(current.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
        CloudException older = LambdaFunctionDriver.failure("orders", "Unhandled",
                "{\"errorMessage\":\"2019-01-02T12:45:07.000Z 8f5ad8b2 Task timed out after 3.00 seconds\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(older.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    }

    @Test
    @DisplayName("an error without a type or that is not JSON is FUNCTION_FAILED with Lambda's FunctionError as its type")
    void untyped() {
        CloudException e = LambdaFunctionDriver.failure("orders", "Unhandled",
                "{\"errorMessage\":\"RequestId: 1 Error: Runtime exited with error: exit status 1\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(e).isInstanceOfSatisfying(FunctionFailedException.class, f -> {
            assertThat(f.errorType()).isEqualTo("Unhandled");
            assertThat(f.errorMessage()).contains("Runtime exited");
        });
        CloudException text = LambdaFunctionDriver.failure("orders", "Handled",
                "error running docker".getBytes(StandardCharsets.UTF_8));
        assertThat(text).isInstanceOfSatisfying(FunctionFailedException.class, f -> {
            assertThat(f.errorType()).isEqualTo("Handled");
            assertThat(f.errorMessage()).isEqualTo("error running docker");
        });
    }
}

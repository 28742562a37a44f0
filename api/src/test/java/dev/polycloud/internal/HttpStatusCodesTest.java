package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The shared mapping of HTTP statuses to portable codes")
class HttpStatusCodesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "400, INVALID_ARGUMENT", "413, INVALID_ARGUMENT", "414, INVALID_ARGUMENT",
        "401, UNAUTHENTICATED", "403, PERMISSION_DENIED", "404, NOT_FOUND", "409, ALREADY_EXISTS",
        "412, PRECONDITION_FAILED", "408, DEADLINE_EXCEEDED", "504, DEADLINE_EXCEEDED", "429, THROTTLED",
        "501, UNIMPLEMENTED", "500, UNAVAILABLE", "502, UNAVAILABLE", "503, UNAVAILABLE", "599, UNAVAILABLE",
        "418, UNKNOWN", "410, UNKNOWN", "302, UNKNOWN"})
    @DisplayName("maps each status the providers share")
    void maps(int status, ErrorCode expected) {
        assertThat(HttpStatusCodes.errorCode(status)).isEqualTo(expected);
    }

    @Test
    @DisplayName("leaves 5xx other than 501 and 504 retryable")
    void serverErrorsRetryable() {
        assertThat(HttpStatusCodes.errorCode(503).retryable()).isTrue();
    }
}

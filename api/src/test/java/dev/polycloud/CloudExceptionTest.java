package dev.polycloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CloudException")
class CloudExceptionTest {

    @Test
    @DisplayName("only throttling, unavailability and deadlines are retryable")
    void retryableCodes() {
        assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::retryable))
                .containsExactlyInAnyOrder(ErrorCode.THROTTLED, ErrorCode.UNAVAILABLE, ErrorCode.DEADLINE_EXCEEDED);
    }

    @Test
    @DisplayName("withContext labels provider and resource and keeps code, message and cause")
    void withContext() {
        IllegalStateException vendor = new IllegalStateException("vendor");
        CloudException e = new CloudException(ErrorCode.THROTTLED, "slow down", null, null, vendor);
        CloudException labelled = e.withContext("aws", "queue orders");
        assertThat(labelled.provider()).contains("aws");
        assertThat(labelled.resource()).contains("queue orders");
        assertThat(labelled.code()).isEqualTo(ErrorCode.THROTTLED);
        assertThat(labelled.getCause()).isSameAs(vendor);
        assertThat(labelled.retryable()).isTrue();
        assertThat(labelled.toString()).contains("THROTTLED", "aws", "queue orders", "slow down");
    }

    @Test
    @DisplayName("withContext keeps a provider and resource already named")
    void withContextKeepsExisting() {
        CloudException e = new CloudException(ErrorCode.NOT_FOUND, "gone", "gcp", "topic t", null);
        assertThat(e.withContext("aws", "queue q")).isSameAs(e);
    }
}

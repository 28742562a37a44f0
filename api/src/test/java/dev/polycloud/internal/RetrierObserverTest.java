package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.spi.OperationObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Retrier reporting to an OperationObserver")
class RetrierObserverTest {

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final OperationObserver recorder = new OperationObserver() {
        @Override
        public void succeeded(String provider, String kind, String resource, String operation, long nanos) {
            assertThat(nanos).isNotNegative();
            seen.add(String.join("|", provider, kind, resource, operation, "success"));
        }

        @Override
        public void failed(String provider, String kind, String resource, String operation, long nanos,
                           ErrorCode code) {
            seen.add(String.join("|", provider, kind, resource, operation, code.name()));
        }

        @Override
        public void retried(String provider, String kind, String resource, String operation, ErrorCode code) {
            seen.add(String.join("|", "retry", kind, resource, operation, code.name()));
        }
    };
    private final Retrier retrier = new Retrier("test", 3, Duration.ofMillis(1), recorder);

    @Nested
    @DisplayName("for a blocking call")
    class Blocking {

        @Test
        @DisplayName("reports one success with kind and name split from the resource description")
        void success() {
            assertThat(retrier.call("queue orders", "send", () -> "id")).isEqualTo("id");
            assertThat(seen).containsExactly("test|queue|orders|send|success");
        }

        @Test
        @DisplayName("reports each retry by code, then the final outcome once")
        void retries() {
            AtomicInteger calls = new AtomicInteger();
            retrier.run("subscription events/audit", "ack", () -> {
                if (calls.incrementAndGet() < 3) {
                    throw new CloudException(ErrorCode.THROTTLED, "slow down");
                }
            });
            assertThat(seen).containsExactly("retry|subscription|events/audit|ack|THROTTLED",
                    "retry|subscription|events/audit|ack|THROTTLED", "test|subscription|events/audit|ack|success");
        }

        @Test
        @DisplayName("reports a failure with its error code, also for an unexpected exception (UNKNOWN)")
        void failure() {
            assertThatThrownBy(() -> retrier.run("table users", "get", () -> {
                throw new CloudException(ErrorCode.NOT_FOUND, "gone");
            })).isInstanceOf(CloudException.class);
            assertThatThrownBy(() -> retrier.run("functions", "list", () -> {
                throw new IllegalStateException("boom");
            })).isInstanceOf(CloudException.class);
            assertThat(seen).containsExactly("test|table|users|get|NOT_FOUND", "test|functions||list|UNKNOWN");
        }

        @Test
        @DisplayName("keeps the call's result when the observer throws")
        void observerThrows() {
            Retrier broken = new Retrier("test", 1, Duration.ofMillis(1), new OperationObserver() {
                @Override
                public void succeeded(String p, String k, String r, String o, long n) {
                    throw new IllegalStateException("observer bug");
                }
            });
            assertThat(broken.call("queue q", "send", () -> "id")).isEqualTo("id");
        }
    }

    @Nested
    @DisplayName("for an asynchronous call")
    class Async {

        @Test
        @DisplayName("reports retries and the outcome when the future completes")
        void asyncOutcome() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            String value = retrier.<String>callAsync("table users", "get", () -> calls.incrementAndGet() < 2
                    ? CompletableFuture.failedFuture(new CloudException(ErrorCode.UNAVAILABLE, "down"))
                    : CompletableFuture.completedFuture("v")).get(5, TimeUnit.SECONDS);
            assertThat(value).isEqualTo("v");
            assertThat(seen).containsExactly("retry|table|users|get|UNAVAILABLE", "test|table|users|get|success");
        }

        @Test
        @DisplayName("reports a failure with its code")
        void asyncFailure() {
            CompletableFuture<String> f = retrier.callAsync("queue q", "send",
                    () -> CompletableFuture.failedFuture(new CloudException(ErrorCode.PERMISSION_DENIED, "no")));
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CloudException.class);
            assertThat(seen).containsExactly("test|queue|q|send|PERMISSION_DENIED");
        }
    }

    @Test
    @DisplayName("without an observer uses the shared no-op one")
    void defaultIsNone() {
        assertThat(new Retrier("test", 1, Duration.ofMillis(1)).observer()).isSameAs(OperationObserver.NONE);
    }
}

package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Retrier")
class RetrierTest {

    private final Retrier retrier = new Retrier("test", 3, Duration.ofMillis(1));

    @Test
    @DisplayName("retries a retryable failure until it succeeds")
    void retriesRetryable() {
        AtomicInteger calls = new AtomicInteger();
        String result = retrier.call("queue q", "send", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new CloudException(ErrorCode.THROTTLED, "slow down");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
    }

    @Test
    @DisplayName("gives up after maxAttempts and labels the error")
    void givesUp() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.run("queue q", "send", () -> {
            calls.incrementAndGet();
            throw new CloudException(ErrorCode.UNAVAILABLE, "down");
        })).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.provider()).contains("test");
            assertThat(e.resource()).contains("queue q");
        });
        assertThat(calls).hasValue(3);
    }

    @Test
    @DisplayName("does not retry a non-retryable failure")
    void noRetryForPermanent() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.run("queue q", "send", () -> {
            calls.incrementAndGet();
            throw new CloudException(ErrorCode.NOT_FOUND, "gone");
        })).isInstanceOf(CloudException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    @DisplayName("wraps an unexpected runtime exception as UNKNOWN with the cause kept")
    void wrapsUnexpected() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> retrier.run("table t", "get", () -> {
            throw boom;
        })).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN);
            assertThat(e.getCause()).isSameAs(boom);
        });
    }

    @org.junit.jupiter.api.Nested
    @DisplayName("with a call timeout (polycloud.timeout is per call, retries included)")
    class CallTimeout {

        private final Retrier bounded = new Retrier("test", 10, Duration.ofMillis(50),
                dev.polycloud.spi.OperationObserver.NONE, Duration.ofMillis(300));

        @Test
        @DisplayName("an attempt that used the whole budget is not retried: one DEADLINE_EXCEEDED within the timeout")
        void timedOutAttemptIsNotRetried() {
            AtomicInteger calls = new AtomicInteger();
            long start = System.nanoTime();
            assertThatThrownBy(() -> bounded.run("table t", "get", () -> {
                calls.incrementAndGet();
                sleep(300);
                throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "no answer");
            })).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
            assertThat(calls).hasValue(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(330));
        }

        @Test
        @DisplayName("fast failures are retried only while the budget lasts, then the last error is thrown")
        void retriesStopAtTheDeadline() {
            AtomicInteger calls = new AtomicInteger();
            long start = System.nanoTime();
            assertThatThrownBy(() -> bounded.run("table t", "get", () -> {
                calls.incrementAndGet();
                sleep(120);
                throw new CloudException(ErrorCode.UNAVAILABLE, "down");
            })).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(calls.get()).as("attempts started before the deadline").isBetween(2, 3);
            assertThat(took).as("the last attempt started before the deadline").isLessThan(Duration.ofMillis(300 + 150));
        }

        @Test
        @DisplayName("the asynchronous form starts no attempt past the deadline either")
        void asyncStopsAtTheDeadline() {
            AtomicInteger calls = new AtomicInteger();
            java.util.concurrent.CompletableFuture<String> f = bounded.callAsync("table t", "get", () -> {
                calls.incrementAndGet();
                return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    sleep(320);
                    throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "no answer");
                });
            });
            assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
            assertThat(calls).hasValue(1);
        }

        @Test
        @DisplayName("without a timeout every attempt is made")
        void noTimeoutNoLimit() {
            AtomicInteger calls = new AtomicInteger();
            assertThatThrownBy(() -> retrier.run("table t", "get", () -> {
                calls.incrementAndGet();
                sleep(20);
                throw new CloudException(ErrorCode.UNAVAILABLE, "down");
            })).isInstanceOf(CloudException.class);
            assertThat(calls).hasValue(3);
            assertThat(retrier.callTimeout()).isZero();
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @org.junit.jupiter.api.Nested
    @DisplayName("asynchronously")
    class Async {

        private final Retrier slow = new Retrier("test", 3, Duration.ofMillis(200));

        @Test
        @DisplayName("retries a retryable failure until it succeeds, without blocking the caller while backing off")
        void retriesWithoutBlocking() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            long start = System.nanoTime();
            java.util.concurrent.CompletableFuture<String> f = slow.callAsync("queue q", "send", () ->
                    calls.incrementAndGet() < 3
                            ? java.util.concurrent.CompletableFuture.failedFuture(
                                    new CloudException(ErrorCode.THROTTLED, "slow down"))
                            : java.util.concurrent.CompletableFuture.completedFuture("ok"));
            long returnedAfterMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(f.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("ok");
            assertThat(calls).hasValue(3);
            assertThat(returnedAfterMillis).as("the caller waited for no backoff").isLessThan(150);
        }

        @Test
        @DisplayName("gives up after maxAttempts and completes with the labelled error")
        void givesUp() {
            AtomicInteger calls = new AtomicInteger();
            java.util.concurrent.CompletableFuture<String> f = retrier.callAsync("queue q", "send", () -> {
                calls.incrementAndGet();
                return java.util.concurrent.CompletableFuture.failedFuture(new CloudException(ErrorCode.UNAVAILABLE, "down"));
            });
            assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(CloudException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.provider()).contains("test");
            });
            assertThat(calls).hasValue(3);
        }

        @Test
        @DisplayName("does not retry a failure that is not retryable, and maps unexpected exceptions to UNKNOWN")
        void notRetryable() {
            AtomicInteger calls = new AtomicInteger();
            java.util.concurrent.CompletableFuture<String> f = retrier.callAsync("queue q", "send", () -> {
                calls.incrementAndGet();
                return java.util.concurrent.CompletableFuture.failedFuture(new CloudException(ErrorCode.NOT_FOUND, "gone"));
            });
            assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(calls).hasValue(1);
            java.util.concurrent.CompletableFuture<String> g = retrier.callAsync("queue q", "send", () -> {
                throw new IllegalStateException("bug");
            });
            assertThatThrownBy(g::join).cause().isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN));
        }
    }
}

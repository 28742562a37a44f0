package dev.polycloud.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.ResourceNotFoundException;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

@DisplayName("AzureFutures: Monos of the async clients as CompletableFutures")
class AzureFuturesTest {

    private static CloudException failure(CompletableFuture<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CloudException.class);
            return (CloudException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    @Nested
    @DisplayName("results")
    class Results {

        @Test
        @DisplayName("a value completes the future, an empty Mono completes it with null")
        void values() throws Exception {
            assertThat(AzureFutures.of(() -> Mono.just("v"), "queue q").get(5, TimeUnit.SECONDS)).isEqualTo("v");
            assertThat(AzureFutures.of(Mono::empty, "queue q").get(5, TimeUnit.SECONDS)).isNull();
        }

        @Test
        @DisplayName("continuations run on Polycloud's threads, not on the thread that delivered the answer")
        void callbackThread() throws Exception {
            AtomicReference<String> thread = new AtomicReference<>();
            AtomicBoolean nonBlocking = new AtomicBoolean(true);
            // The answer comes later on a Reactor timer thread (non-blocking), after the continuation is attached.
            AzureFutures.of(() -> Mono.just(1).delayElement(Duration.ofMillis(200)), "queue q").thenAccept(v -> {
                thread.set(Thread.currentThread().getName());
                nonBlocking.set(Schedulers.isInNonBlockingThread());
            }).get(5, TimeUnit.SECONDS);
            assertThat(thread.get()).startsWith("polycloud-azure-async-");
            assertThat(nonBlocking).as("continuation on one of Reactor's non-blocking threads").isFalse();
        }

        @Test
        @DisplayName("cancelling the future cancels the client call")
        void cancel() {
            AtomicBoolean cancelled = new AtomicBoolean();
            Sinks.One<String> never = Sinks.one();
            CompletableFuture<String> f = AzureFutures.of(() -> never.asMono().doOnCancel(() -> cancelled.set(true)),
                    "queue q");
            f.cancel(true);
            assertThat(cancelled).isTrue();
        }
    }

    @Nested
    @DisplayName("failures")
    class Failures {

        @Test
        @DisplayName("are mapped by AzureErrors, whether the Mono fails or assembling it throws")
        void mapped() {
            CloudException io = failure(AzureFutures.of(() -> Mono.error(new IOException("reset")), "queue q"));
            assertThat(io.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(io.provider()).contains("azure");
            CloudException timeout = failure(AzureFutures.of(() -> Mono.error(new TimeoutException("late")), "queue q"));
            assertThat(timeout.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
            CloudException thrown = failure(AzureFutures.<String>of(() -> {
                throw new IllegalArgumentException("no");
            }, "queue q"));
            assertThat(thrown.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            CloudException http = failure(AzureFutures.of(
                    () -> Mono.error(new ResourceNotFoundException("gone", null)), "table t"));
            assertThat(http.code()).isNotNull();
        }

        @Test
        @DisplayName("allOf fails with the first failure in list order, unwrapped, after all ended")
        void allOf() {
            CloudException a = new CloudException(ErrorCode.THROTTLED, "a");
            CloudException b = new CloudException(ErrorCode.NOT_FOUND, "b");
            CompletableFuture<Void> all = AzureFutures.allOf(List.of(CompletableFuture.completedFuture(1),
                    CompletableFuture.failedFuture(a), CompletableFuture.failedFuture(b)));
            assertThat(failure(all)).isSameAs(a);
            assertThatThrownBy(() -> AzureFutures.of(null, "queue q")).isInstanceOf(NullPointerException.class);
        }

        @Test
        @DisplayName("delay completes after the pause without holding a thread")
        void delay() throws Exception {
            long start = System.nanoTime();
            AzureFutures.delay(Duration.ofMillis(100)).get(5, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(90_000_000L);
        }
    }
}

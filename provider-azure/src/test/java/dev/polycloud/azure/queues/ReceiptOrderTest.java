package dev.polycloud.azure.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ReceiptOrder: the operations on one delivery run one after another")
class ReceiptOrderTest {

    private final ReceiptOrder order = new ReceiptOrder();

    @Nested
    @DisplayName("asynchronous operations")
    class Async {

        @Test
        @DisplayName("on one receipt start only when the previous one ended, in call order, holding no thread")
        void inOrder() throws Exception {
            List<String> log = new CopyOnWriteArrayList<>();
            CompletableFuture<String> firstAnswer = new CompletableFuture<>();
            CompletableFuture<String> first = order.async("r", () -> {
                log.add("start 1");
                return firstAnswer;
            });
            CompletableFuture<String> second = order.async("r", () -> {
                log.add("start 2");
                return CompletableFuture.completedFuture("two");
            });
            assertThat(log).containsExactly("start 1");
            assertThat(second).isNotDone();
            firstAnswer.complete("one");
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("one");
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("two");
            assertThat(log).containsExactly("start 1", "start 2");
            assertThat(order.busy()).isZero();
        }

        @Test
        @DisplayName("on different receipts do not wait for each other")
        void independent() throws Exception {
            CompletableFuture<Void> never = new CompletableFuture<>();
            order.async("a", () -> never);
            assertThat(order.async("b", () -> CompletableFuture.completedFuture("b")).get(5, TimeUnit.SECONDS))
                    .isEqualTo("b");
            never.complete(null);
            assertThat(order.busy()).isZero();
        }

        @Test
        @DisplayName("a failed operation fails its own future and lets the next one run")
        void failure() throws Exception {
            CompletableFuture<Object> failed = order.async("r", () -> {
                throw new IllegalStateException("boom");
            });
            CompletableFuture<String> next = order.async("r", () -> CompletableFuture.completedFuture("next"));
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("next");
        }
    }

    @Nested
    @DisplayName("blocking operations")
    class Blocking {

        @Test
        @DisplayName("wait for the asynchronous operation called before on the same receipt, and the next waits for them")
        void mixed() throws Exception {
            List<String> log = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> asyncAnswer = new CompletableFuture<>();
            order.async("r", () -> {
                log.add("async 1");
                return asyncAnswer;
            });
            Thread blocking = new Thread(() -> order.blocking("r", () -> log.add("blocking 2")));
            blocking.start();
            Thread.sleep(200);
            assertThat(log).containsExactly("async 1");
            CompletableFuture<Boolean> third = order.async("r", () -> CompletableFuture.completedFuture(log.add("async 3")));
            asyncAnswer.complete(null);
            blocking.join(5_000);
            third.get(5, TimeUnit.SECONDS);
            assertThat(log).containsExactly("async 1", "blocking 2", "async 3");
            assertThat(order.busy()).isZero();
        }

        @Test
        @DisplayName("a throwing blocking operation rethrows and frees the receipt")
        void throwing() {
            assertThatThrownBy(() -> order.blocking("r", () -> {
                throw new IllegalArgumentException("bad");
            })).isInstanceOf(IllegalArgumentException.class);
            assertThat(order.busy()).isZero();
            assertThat(order.blocking("r", () -> "ok")).isEqualTo("ok");
        }
    }
}

package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueCapabilities;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.OperationObserver;
import dev.polycloud.spi.QueueDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The portable layer's partial-batch retry")
class PartialBatchRetryTest {

    /**
     * A fake batch driver: each entry fails with the codes scripted for it, one per call that includes it,
     * then succeeds with "id-" + entry. Records every sub-batch it was handed.
     */
    static final class ScriptedBatch {
        final Map<String, List<ErrorCode>> script = new HashMap<>();
        final List<List<String>> calls = new CopyOnWriteArrayList<>();

        ScriptedBatch fail(String entry, ErrorCode... codes) {
            script.put(entry, new ArrayList<>(List.of(codes)));
            return this;
        }

        synchronized BatchOutcome<String> send(List<String> entries) {
            calls.add(List.copyOf(entries));
            BatchOutcome.Builder<String> outcome = BatchOutcome.builder(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                List<ErrorCode> codes = script.getOrDefault(entries.get(i), new ArrayList<>());
                if (codes.isEmpty()) {
                    outcome.success(i, "id-" + entries.get(i));
                } else {
                    ErrorCode code = codes.remove(0);
                    outcome.failure(i, new CloudException(code, "entry " + entries.get(i) + " failed with " + code));
                }
            }
            return outcome.build();
        }
    }

    private final List<String> observed = new CopyOnWriteArrayList<>();
    private final OperationObserver observer = new OperationObserver() {
        @Override
        public void succeeded(String provider, String kind, String resource, String operation, long nanos) {
            observed.add(operation + ":success");
        }

        @Override
        public void failed(String provider, String kind, String resource, String operation, long nanos,
                           ErrorCode code) {
            observed.add(operation + ":" + code);
        }

        @Override
        public void retried(String provider, String kind, String resource, String operation, ErrorCode code) {
            observed.add(operation + ":retry:" + code);
        }
    };

    private Retrier retrier(int attempts) {
        return new Retrier("test", attempts, Duration.ofMillis(1), observer);
    }

    @Nested
    @DisplayName("for a blocking batch")
    class Blocking {

        @Test
        @DisplayName("resends only the entries that failed with a retryable code, and returns every result in order")
        void retriesOnlyFailedEntries() {
            ScriptedBatch driver = new ScriptedBatch().fail("b", ErrorCode.THROTTLED).fail("d", ErrorCode.UNAVAILABLE,
                    ErrorCode.THROTTLED);

            List<String> ids = retrier(3).callBatch("queue q", "send", List.of("a", "b", "c", "d"), driver::send);

            assertThat(ids).containsExactly("id-a", "id-b", "id-c", "id-d");
            assertThat(driver.calls).containsExactly(List.of("a", "b", "c", "d"), List.of("b", "d"), List.of("d"));
            assertThat(observed).containsExactly("send:retry:THROTTLED", "send:retry:THROTTLED", "send:success");
        }

        @Test
        @DisplayName("reports a non-retryable entry failure at once and never resends it")
        void nonRetryableIsReported() {
            ScriptedBatch driver = new ScriptedBatch().fail("b", ErrorCode.INVALID_ARGUMENT)
                    .fail("c", ErrorCode.THROTTLED);

            assertThatThrownBy(() -> retrier(5).callBatch("queue q", "send", List.of("a", "b", "c"), driver::send))
                    .isInstanceOfSatisfying(CloudException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("entry b");
                        assertThat(e.provider()).contains("test");
                        assertThat(e.resource()).contains("queue q");
                    });
            assertThat(driver.calls).containsExactly(List.of("a", "b", "c"));
            assertThat(observed).containsExactly("send:INVALID_ARGUMENT");
        }

        @Test
        @DisplayName("bounds the attempts of the whole batch by the configured maxAttempts")
        void attemptsBounded() {
            ScriptedBatch driver = new ScriptedBatch().fail("b", ErrorCode.THROTTLED, ErrorCode.THROTTLED,
                    ErrorCode.THROTTLED, ErrorCode.THROTTLED, ErrorCode.THROTTLED);

            assertThatThrownBy(() -> retrier(2).callBatch("queue q", "send", List.of("a", "b"), driver::send))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.THROTTLED));
            assertThat(driver.calls).containsExactly(List.of("a", "b"), List.of("b"));
            assertThat(observed).containsExactly("send:retry:THROTTLED", "send:THROTTLED");
        }

        @Test
        @DisplayName("with one attempt configured, does not retry at all")
        void oneAttempt() {
            ScriptedBatch driver = new ScriptedBatch().fail("a", ErrorCode.UNAVAILABLE);

            assertThatThrownBy(() -> retrier(1).callBatch("queue q", "send", List.of("a"), driver::send))
                    .isInstanceOf(CloudException.class);
            assertThat(driver.calls).hasSize(1);
        }

        @Test
        @DisplayName("refuses an outcome whose size differs from the batch as INTERNAL, without retrying")
        void wrongSize() {
            assertThatThrownBy(() -> retrier(3).callBatch("queue q", "send", List.of("a", "b"),
                    entries -> BatchOutcome.succeeded(List.of("only-one"))))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
        }

        @Test
        @DisplayName("retries a whole-call failure with a retryable code like any call")
        void wholeCallFailure() {
            List<Integer> calls = new CopyOnWriteArrayList<>();
            List<String> ids = retrier(3).callBatch("queue q", "send", List.of("a"), entries -> {
                calls.add(calls.size());
                if (calls.size() == 1) {
                    throw new CloudException(ErrorCode.UNAVAILABLE, "connection reset");
                }
                return BatchOutcome.succeeded(List.of("id-a"));
            });
            assertThat(ids).containsExactly("id-a");
            assertThat(calls).hasSize(2);
        }
    }

    @Nested
    @DisplayName("for an asynchronous batch")
    class Async {

        @Test
        @DisplayName("resends only the failed entries after a scheduled backoff")
        void retriesOnlyFailedEntries() throws Exception {
            ScriptedBatch driver = new ScriptedBatch().fail("a", ErrorCode.THROTTLED);

            List<String> ids = retrier(3).callBatchAsync("queue q", "send", List.of("a", "b"),
                    entries -> java.util.concurrent.CompletableFuture.supplyAsync(() -> driver.send(entries)))
                    .get(5, TimeUnit.SECONDS);

            assertThat(ids).containsExactly("id-a", "id-b");
            assertThat(driver.calls).containsExactly(List.of("a", "b"), List.of("a"));
            assertThat(observed).containsExactly("send:retry:THROTTLED", "send:success");
        }

        @Test
        @DisplayName("completes exceptionally with a non-retryable entry failure, not resending it")
        void nonRetryable() {
            ScriptedBatch driver = new ScriptedBatch().fail("b", ErrorCode.PERMISSION_DENIED);

            assertThat(retrier(3).callBatchAsync("queue q", "send", List.of("a", "b"),
                    entries -> java.util.concurrent.CompletableFuture.completedFuture(driver.send(entries))))
                    .failsWithin(5, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
            assertThat(driver.calls).hasSize(1);
        }
    }

    @Nested
    @DisplayName("through Queue.sendBatch")
    class ThroughQueue {

        @Test
        @DisplayName("chunks by the driver's batch size and resends only the failed messages of a chunk")
        void queueSendBatch() {
            ScriptedBatch script = new ScriptedBatch().fail("m2", ErrorCode.THROTTLED);
            Queue queue = Handles.queue().create("orders", new FakeQueueDriver(script), capabilities(2), retrier(3),
                    new NoQueues());

            List<String> ids = queue.sendBatch(List.of(Message.of("m1"), Message.of("m2"), Message.of("m3")));

            assertThat(ids).containsExactly("id-m1", "id-m2", "id-m3");
            assertThat(script.calls).containsExactly(List.of("m1", "m2"), List.of("m2"), List.of("m3"));
            assertThat(observed).containsExactly("send:retry:THROTTLED", "send:success", "send:success");
        }

        @Test
        @DisplayName("stops at a chunk that fails for good, after sending the chunks before it")
        void failedChunk() {
            ScriptedBatch script = new ScriptedBatch().fail("m3", ErrorCode.INVALID_ARGUMENT);
            Queue queue = Handles.queue().create("orders", new FakeQueueDriver(script), capabilities(2), retrier(3),
                    new NoQueues());

            assertThatThrownBy(() -> queue.sendBatch(List.of(Message.of("m1"), Message.of("m2"), Message.of("m3"),
                    Message.of("m4")))).isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            assertThat(script.calls).containsExactly(List.of("m1", "m2"), List.of("m3", "m4"));
        }
    }

    private static QueueCapabilities capabilities(int batchSize) {
        MessageLimits limits = new MessageLimits(1024, 10, batchSize, 10, Duration.ofMinutes(10));
        return new QueueCapabilities(limits, Duration.ZERO, false, false, true);
    }

    private static final class NoQueues implements DeadLetterQueues {
        @Override
        public boolean exists(String queue) {
            return false;
        }

        @Override
        public void send(String queue, Message message) {
            throw new UnsupportedOperationException();
        }
    }

    /** A queue driver whose send runs the script on the message bodies. */
    private static final class FakeQueueDriver implements QueueDriver {
        private final ScriptedBatch script;

        FakeQueueDriver(ScriptedBatch script) {
            this.script = script;
        }

        @Override
        public BatchOutcome<String> send(List<Message> messages) {
            return script.send(messages.stream().map(Message::bodyAsString).toList());
        }

        @Override
        public void create(QueueOptions options) {
        }

        @Override
        public void delete() {
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public Optional<QueueOptions> options() {
            return Optional.of(QueueOptions.defaults());
        }

        @Override
        public long approximateDepth() {
            return 0;
        }

        @Override
        public List<ReceivedMessage> receive(int maxMessages, Duration wait, Optional<Duration> lease) {
            return List.of();
        }

        @Override
        public void ack(List<String> receipts) {
        }

        @Override
        public void nack(List<String> receipts) {
        }

        @Override
        public void extendLease(String receipt, Duration lease) {
        }
    }
}

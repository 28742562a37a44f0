package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.message.Message;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.spi.BatchOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one batch publisher behind {@code Queue.sendBatch} and {@code Topic.publishBatch}: validates a
 * portable batch whole (then the caller's own checks), splits it into the driver's
 * {@code maxBatchSize}, and sends the chunks one after another through the {@link Retrier}, which
 * resends only the entries the driver reported as failed with a retryable code. If a chunk fails for
 * good, the chunks before it have been sent (at-least-once: resending the whole batch gives
 * duplicates, not losses). Thread-safe: it holds no state between calls.
 */
public final class BatchPublisher {

    private final String resource;
    private final String operation;
    private final MessageLimits limits;
    private final int maxTotal;
    private final Retrier retrier;
    private final Function<List<Message>, BatchOutcome<String>> send;
    private final Function<List<Message>, CompletableFuture<BatchOutcome<String>>> sendAsync;

    /**
     * A publisher for one queue or topic.
     *
     * @param resource the resource description, for example {@code "queue orders"}
     * @param operation the operation name for logs and the observer ({@code "send"}, {@code "publish"})
     * @param limits the provider's message limits
     * @param maxTotal the most messages in one portable batch
     * @param retrier the retrier for driver calls
     * @param send the driver's blocking batch call
     * @param sendAsync the driver's asynchronous batch call
     */
    public BatchPublisher(String resource, String operation, MessageLimits limits, int maxTotal, Retrier retrier,
                          Function<List<Message>, BatchOutcome<String>> send,
                          Function<List<Message>, CompletableFuture<BatchOutcome<String>>> sendAsync) {
        this.resource = resource;
        this.operation = operation;
        this.limits = limits;
        this.maxTotal = maxTotal;
        this.retrier = retrier;
        // the trace context goes in inside the call's scope, so each attempt carries the send span's context
        this.send = chunk -> send.apply(TraceContext.inject(retrier, chunk, limits));
        this.sendAsync = chunk -> sendAsync.apply(TraceContext.inject(retrier, chunk, limits));
    }

    /**
     * Validates and sends a batch.
     *
     * @param messages 1 to {@code maxTotal} messages
     * @param checks the caller's checks of the validated batch (capabilities), run before any network call
     * @return the message ids, in order
     * @throws CloudException a validation failure, or the driver's failure after retries
     */
    public List<String> publish(List<Message> messages, Consumer<List<Message>> checks) {
        MessageValidator.validateBatch(resource, messages, limits, maxTotal);
        checks.accept(messages);
        if (messages.size() <= limits.maxBatchSize()) {
            // one chunk (every single send): no chunk list, and the retrier's result list is the answer
            return retrier.callBatch(resource, operation, messages, send);
        }
        List<String> ids = new ArrayList<>(messages.size());
        for (List<Message> chunk : chunks(messages)) {
            ids.addAll(retrier.callBatch(resource, operation, chunk, send));
        }
        return ids;
    }

    /**
     * {@link #publish(List, Consumer)} without blocking: the same checks (a failure completes the
     * future exceptionally), then the chunks one after another.
     *
     * @param messages 1 to {@code maxTotal} messages
     * @param checks the caller's checks of the validated batch
     * @return the message ids, in order
     */
    public CompletableFuture<List<String>> publishAsync(List<Message> messages, Consumer<List<Message>> checks) {
        List<List<Message>> chunks;
        try {
            chunks = checkedChunks(messages, checks);
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<List<String>> ids = CompletableFuture.completedFuture(new ArrayList<>(messages.size()));
        for (List<Message> chunk : chunks) {
            ids = ids.thenCompose(sofar -> retrier.callBatchAsync(resource, operation, chunk, sendAsync)
                    .thenApply(sent -> {
                        sofar.addAll(sent);
                        return sofar;
                    }));
        }
        return ids;
    }

    private List<List<Message>> checkedChunks(List<Message> messages, Consumer<List<Message>> checks) {
        MessageValidator.validateBatch(resource, messages, limits, maxTotal);
        checks.accept(messages);
        return chunks(messages);
    }

    private List<List<Message>> chunks(List<Message> messages) {
        int chunkSize = limits.maxBatchSize();
        List<List<Message>> chunks = new ArrayList<>();
        for (int i = 0; i < messages.size(); i += chunkSize) {
            chunks.add(messages.subList(i, Math.min(messages.size(), i + chunkSize)));
        }
        return chunks;
    }
}

package dev.polycloud.queue;

import dev.polycloud.message.AsyncReceiver;
import dev.polycloud.message.Message;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a {@link Queue} ({@code queue.async()}): send as well as receive, ack
 * and nack, returning {@link CompletableFuture}s, with the validation, error codes and retries of
 * the blocking calls (shared code). A {@code null} argument throws {@link NullPointerException} at
 * once; every other failure completes the future exceptionally with a
 * {@link dev.polycloud.CloudException}. Thread-safe.
 */
public final class AsyncQueue extends AsyncReceiver {

    private final Queue queue;

    AsyncQueue(Queue queue) {
        super(queue);
        this.queue = queue;
    }

    /**
     * Sends a text message.
     *
     * @param text the UTF-8 body
     * @return the message id
     */
    public CompletableFuture<String> send(String text) {
        return send(Message.of(Objects.requireNonNull(text, "text")));
    }

    /**
     * Sends one message.
     *
     * @param message the message
     * @return the message id
     */
    public CompletableFuture<String> send(Message message) {
        return sendBatch(List.of(Objects.requireNonNull(message, "message"))).thenApply(ids -> ids.get(0));
    }

    /**
     * Sends a batch as {@link Queue#sendBatch(List)} does: validated whole, then driver-sized chunks
     * sent one after another, in order.
     *
     * @param messages 1 to {@value Queue#MAX_BATCH} messages
     * @return the message ids, in order
     */
    public CompletableFuture<List<String>> sendBatch(List<Message> messages) {
        return queue.sendBatchAsync(Objects.requireNonNull(messages, "messages"));
    }
}

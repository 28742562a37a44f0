package dev.polycloud.topic;

import dev.polycloud.message.Message;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a {@link Topic} ({@code topic.async()}): publish returning
 * {@link CompletableFuture}s, with the validation, error codes and retries of the blocking calls
 * (shared code). Subscriptions have their own view, {@code subscription.async()}. A {@code null}
 * argument throws {@link NullPointerException} at once; every other failure completes the future
 * exceptionally with a {@link dev.polycloud.CloudException}. Thread-safe.
 */
public final class AsyncTopic {

    private final Topic topic;

    AsyncTopic(Topic topic) {
        this.topic = topic;
    }

    /**
     * Publishes a text message.
     *
     * @param text the UTF-8 body
     * @return the message id
     */
    public CompletableFuture<String> publish(String text) {
        return publish(Message.of(Objects.requireNonNull(text, "text")));
    }

    /**
     * Publishes one message.
     *
     * @param message the message
     * @return the message id
     */
    public CompletableFuture<String> publish(Message message) {
        return publishBatch(List.of(Objects.requireNonNull(message, "message"))).thenApply(ids -> ids.get(0));
    }

    /**
     * Publishes a batch as {@link Topic#publishBatch(List)} does.
     *
     * @param messages 1 to {@value Topic#MAX_BATCH} messages
     * @return the message ids, in order
     */
    public CompletableFuture<List<String>> publishBatch(List<Message> messages) {
        return topic.publishBatchAsync(Objects.requireNonNull(messages, "messages"));
    }
}

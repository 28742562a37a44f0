package dev.polycloud.spi;

import dev.polycloud.message.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A provider's driver for one topic, under the driver contract of {@link dev.polycloud.spi} (no
 * retries, per-entry batch results, safe for concurrent use, mapped error codes). Operations on a
 * missing topic (but {@link #exists()}) throw {@link dev.polycloud.ErrorCode#NOT_FOUND}.
 */
public interface TopicDriver {

    /** Creates the topic, or does nothing if it exists. */
    void create();

    /** Deletes the topic; its subscriptions stop receiving new messages. */
    void delete();

    /**
     * Whether the topic exists.
     *
     * @return true if it exists
     */
    boolean exists();

    /**
     * Publishes validated messages to every subscription whose filter matches, each request once.
     * The driver may split them into several requests to fit its cloud's limits. Entries the cloud did
     * not accept are failed entries of the outcome; the portable layer republishes only those with a
     * retryable code. Throws only when nothing was published.
     *
     * @param messages 1 to the declared {@code maxBatchSize} messages
     * @return one entry per message, in order: the message id, or the failure
     * @throws dev.polycloud.CloudException when the whole call failed, for example
     *                                      {@link dev.polycloud.ErrorCode#NOT_FOUND} for a missing topic
     */
    BatchOutcome<String> publish(List<Message> messages);

    /**
     * The driver of one of this topic's subscriptions (no network call).
     *
     * @param name the validated portable subscription name
     * @return the driver
     */
    SubscriptionDriver subscription(String name);

    /**
     * {@link #publish(List)} without blocking the caller. The default runs the blocking call on
     * {@link BlockingAsync}'s pool; drivers with an asynchronous client override it.
     *
     * @param messages as for {@code publish}
     * @return one entry per message, in order, as for {@code publish}; a whole-call failure completes it
     *         exceptionally
     */
    default CompletableFuture<BatchOutcome<String>> publishAsync(List<Message> messages) {
        return BlockingAsync.supply(() -> publish(messages));
    }
}

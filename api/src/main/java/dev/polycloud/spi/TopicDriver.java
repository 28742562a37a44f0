package dev.polycloud.spi;

import dev.polycloud.message.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A provider's driver for one topic. Operations on a missing topic (but {@link #exists()})
 * throw {@link dev.polycloud.ErrorCode#NOT_FOUND}.
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
     * Publishes validated messages to every subscription whose filter matches.
     *
     * @param messages 1 to the declared {@code maxBatchSize} messages
     * @return the message ids, in order
     */
    List<String> publish(List<Message> messages);

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
     * @return the message ids, in order
     */
    default CompletableFuture<List<String>> publishAsync(List<Message> messages) {
        return BlockingAsync.supply(() -> publish(messages));
    }
}

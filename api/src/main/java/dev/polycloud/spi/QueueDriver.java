package dev.polycloud.spi;

import dev.polycloud.message.Message;
import dev.polycloud.queue.QueueOptions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A provider's driver for one queue: translates calls and maps errors, nothing more. Every
 * operation on a missing queue (but {@link #exists()} and {@link #options()}) throws
 * {@link dev.polycloud.ErrorCode#NOT_FOUND}.
 */
public interface QueueDriver extends ReceiverDriver {

    /**
     * Creates the queue, or does nothing if it exists. A dead-letter queue named in the options
     * has already been checked to exist.
     *
     * @param options the validated options
     */
    void create(QueueOptions options);

    /** Deletes the queue and its messages. */
    void delete();

    /**
     * Whether the queue exists.
     *
     * @return true if it exists
     */
    boolean exists();

    /**
     * The options the queue was created with.
     *
     * @return the options, or empty when the queue does not exist
     */
    Optional<QueueOptions> options();

    /**
     * Sends validated messages.
     *
     * @param messages 1 to the declared {@code maxBatchSize} messages
     * @return the message ids, in order
     */
    List<String> send(List<Message> messages);

    /**
     * The approximate number of messages waiting, delayed or leased.
     *
     * @return the count
     */
    long approximateDepth();

    /**
     * {@link #send(List)} without blocking the caller. The default runs the blocking call on
     * {@link BlockingAsync}'s pool; drivers with an asynchronous client override it.
     *
     * @param messages as for {@code send}
     * @return the message ids, in order
     */
    default CompletableFuture<List<String>> sendAsync(List<Message> messages) {
        return BlockingAsync.supply(() -> send(messages));
    }
}

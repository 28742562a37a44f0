package dev.polycloud.spi;

import dev.polycloud.message.Message;
import dev.polycloud.queue.QueueOptions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A provider's driver for one queue: translates calls and maps errors, nothing more, under the
 * driver contract of {@link dev.polycloud.spi} (no retries, per-entry batch results, safe for
 * concurrent use, mapped error codes). Every operation on a missing queue (but {@link #exists()} and
 * {@link #options()}) throws {@link dev.polycloud.ErrorCode#NOT_FOUND}.
 */
public interface QueueDriver extends ManagedReceiverDriver<QueueOptions> {

    /**
     * Creates the queue, or does nothing if it exists with the same options. A dead-letter queue
     * named in the options has already been checked to exist. Called once per portable call; may race
     * another process creating the same queue, and then answers as if it had found it.
     *
     * @param options the validated options
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#ALREADY_EXISTS} when it exists with
     *                                      other options
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
     * Sends validated messages, each request once. The driver may split them into several requests to
     * fit its cloud's limits. Entries the cloud did not accept are failed entries of the outcome (a
     * server-side fault or throttling with a retryable code, a refused message with a non-retryable
     * one); the portable layer resends only the retryable ones. Throws only when nothing was sent.
     *
     * @param messages 1 to the declared {@code maxBatchSize} messages
     * @return one entry per message, in order: the message id, or the failure
     * @throws dev.polycloud.CloudException when the whole call failed, for example
     *                                      {@link dev.polycloud.ErrorCode#NOT_FOUND}
     */
    BatchOutcome<String> send(List<Message> messages);

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
     * @return one entry per message, in order, as for {@code send}; a whole-call failure completes it
     *         exceptionally
     */
    default CompletableFuture<BatchOutcome<String>> sendAsync(List<Message> messages) {
        return BlockingAsync.supply(() -> send(messages));
    }
}

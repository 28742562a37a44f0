package dev.polycloud.spi;

import java.util.Optional;

/**
 * The lifecycle shared by queue and subscription drivers: a receiver that is created with options,
 * deleted, and described. The portable layer runs one lifecycle over it (validation, dead-letter
 * checks, caching the options); the driver contract of {@link dev.polycloud.spi} holds.
 *
 * @param <O> the options type ({@link dev.polycloud.queue.QueueOptions} or
 *            {@link dev.polycloud.topic.SubscriptionOptions})
 */
public interface ManagedReceiverDriver<O> extends ReceiverDriver {

    /**
     * Creates the receiver, or does nothing if it exists with the same options. A dead-letter queue
     * named in the options has already been checked to exist.
     *
     * @param options the validated options
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#ALREADY_EXISTS} when it exists with
     *                                      other options
     */
    void create(O options);

    /** Deletes the receiver and its pending messages; {@link dev.polycloud.ErrorCode#NOT_FOUND} when missing. */
    void delete();

    /**
     * Whether the receiver exists.
     *
     * @return true if it exists
     */
    boolean exists();

    /**
     * The options the receiver was created with.
     *
     * @return the options, or empty when it does not exist
     */
    Optional<O> options();
}

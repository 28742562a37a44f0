package dev.polycloud.spi;

import dev.polycloud.topic.SubscriptionOptions;
import java.util.Optional;

/**
 * A provider's driver for one durable pull subscription of a topic, under the driver contract of
 * {@link dev.polycloud.spi} (no retries, safe for concurrent use, mapped error codes); receiving is
 * {@link ReceiverDriver}'s. Operations on a missing
 * subscription (but {@link #exists()} and {@link #options()}) throw
 * {@link dev.polycloud.ErrorCode#NOT_FOUND}; creating one on a missing topic does too.
 */
public interface SubscriptionDriver extends ManagedReceiverDriver<SubscriptionOptions> {

    /**
     * Creates the subscription, or does nothing if it exists with the same options. It receives every
     * matching message published from now on. A dead-letter queue named in the options has already been
     * checked to exist.
     *
     * @param options the validated options
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#NOT_FOUND} for a missing topic,
     *                                      {@link dev.polycloud.ErrorCode#ALREADY_EXISTS} when it exists with
     *                                      other options
     */
    void create(SubscriptionOptions options);

    /** Deletes the subscription and its pending messages. */
    void delete();

    /**
     * Whether the subscription exists.
     *
     * @return true if it exists
     */
    boolean exists();

    /**
     * The options the subscription was created with.
     *
     * @return the options, or empty when it does not exist
     */
    Optional<SubscriptionOptions> options();
}

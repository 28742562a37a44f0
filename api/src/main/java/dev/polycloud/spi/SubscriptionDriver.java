package dev.polycloud.spi;

import dev.polycloud.topic.SubscriptionOptions;
import java.util.Optional;

/**
 * A provider's driver for one durable pull subscription of a topic. Operations on a missing
 * subscription (but {@link #exists()} and {@link #options()}) throw
 * {@link dev.polycloud.ErrorCode#NOT_FOUND}; creating one on a missing topic does too.
 */
public interface SubscriptionDriver extends ReceiverDriver {

    /**
     * Creates the subscription, or does nothing if it exists. It receives every matching
     * message published from now on.
     *
     * @param options the validated options
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

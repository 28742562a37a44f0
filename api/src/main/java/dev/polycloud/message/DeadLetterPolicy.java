package dev.polycloud.message;

import dev.polycloud.CloudException;
import dev.polycloud.internal.Names;

/**
 * Where a message goes after too many deliveries: once a message has been delivered
 * {@code maxDeliveries} times without an ack, it is moved to the queue {@code deadLetterQueue}
 * (body and attributes kept; not its ordering group, since the dead-letter queue need not be
 * FIFO) instead of being delivered again.
 *
 * <p>Providers with native dead-lettering (SQS redrive, Pub/Sub dead-letter topics) do it
 * themselves; elsewhere the portable layer moves the message on the next receive.
 *
 * @param deadLetterQueue the portable name of an existing queue
 * @param maxDeliveries 1 to {@value #MAX_DELIVERIES}
 */
public record DeadLetterPolicy(String deadLetterQueue, int maxDeliveries) {

    /** The largest accepted {@code maxDeliveries} (Pub/Sub's maximum). */
    public static final int MAX_DELIVERIES = 100;

    /**
     * Checks the components.
     *
     * @param deadLetterQueue see the record description
     * @param maxDeliveries see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a bad name or count
     */
    public DeadLetterPolicy {
        Names.validate("dead-letter queue", deadLetterQueue);
        if (maxDeliveries < 1 || maxDeliveries > MAX_DELIVERIES) {
            throw CloudException.invalidArgument(
                    "maxDeliveries must be from 1 to " + MAX_DELIVERIES + " (found " + maxDeliveries + ")");
        }
    }
}

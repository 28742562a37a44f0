package dev.polycloud.queue;

import dev.polycloud.message.MessageLimits;
import java.time.Duration;

/**
 * What a provider's queues support and their limits.
 *
 * @param limits size, count and lease limits of messages
 * @param maxDelay the longest delivery delay; {@link Duration#ZERO} when delays are not supported
 * @param fifo whether FIFO queues (ordering groups) are supported
 * @param deduplication whether deduplication ids are honoured
 * @param nativeDeadLetter whether the cloud dead-letters by itself; when false the portable layer does it
 */
public record QueueCapabilities(MessageLimits limits, Duration maxDelay, boolean fifo, boolean deduplication,
                                boolean nativeDeadLetter) {

    /**
     * Whether delayed delivery is supported at all.
     *
     * @return true when {@link #maxDelay()} is positive
     */
    public boolean delay() {
        return !maxDelay.isZero();
    }
}

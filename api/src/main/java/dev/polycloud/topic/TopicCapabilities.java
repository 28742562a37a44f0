package dev.polycloud.topic;

import dev.polycloud.message.MessageLimits;

/**
 * What a provider's topics and subscriptions support and their limits.
 *
 * @param supported whether topics are available at all (for example Azure without a Service Bus
 *                  namespace configured); when false, every topic operation fails with
 *                  {@link dev.polycloud.ErrorCode#UNIMPLEMENTED} and a message saying what to configure
 * @param limits size, count and lease limits of messages
 * @param subscriptionFilters whether subscriptions can filter on attributes
 * @param orderingGroups whether messages published with an ordering group are delivered in order per group
 * @param nativeDeadLetter whether the cloud dead-letters by itself; when false the portable layer does it
 */
public record TopicCapabilities(boolean supported, MessageLimits limits, boolean subscriptionFilters,
                                boolean orderingGroups, boolean nativeDeadLetter) {

    /**
     * Capabilities of available topics.
     *
     * @param limits size, count and lease limits of messages
     * @param subscriptionFilters whether subscriptions can filter on attributes
     * @param orderingGroups whether ordering groups are delivered in order
     * @param nativeDeadLetter whether the cloud dead-letters by itself
     */
    public TopicCapabilities(MessageLimits limits, boolean subscriptionFilters, boolean orderingGroups,
                             boolean nativeDeadLetter) {
        this(true, limits, subscriptionFilters, orderingGroups, nativeDeadLetter);
    }
}

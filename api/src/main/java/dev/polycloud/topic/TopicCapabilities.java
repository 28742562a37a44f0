package dev.polycloud.topic;

import dev.polycloud.message.MessageLimits;

/**
 * What a provider's topics and subscriptions support and their limits.
 *
 * @param limits size, count and lease limits of messages
 * @param subscriptionFilters whether subscriptions can filter on attributes
 * @param orderingGroups whether messages published with an ordering group are delivered in order per group
 * @param nativeDeadLetter whether the cloud dead-letters by itself; when false the portable layer does it
 */
public record TopicCapabilities(MessageLimits limits, boolean subscriptionFilters, boolean orderingGroups,
                                boolean nativeDeadLetter) {
}

package dev.polycloud;

import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.gateway.GatewayCapabilities;
import dev.polycloud.queue.QueueCapabilities;
import dev.polycloud.table.TableCapabilities;
import dev.polycloud.topic.TopicCapabilities;

/**
 * Everything a provider declares it supports, per building block. The portable layer enforces
 * these limits before any network call, and an option outside them fails with
 * {@link ErrorCode#UNIMPLEMENTED} (never silently ignored).
 *
 * @param provider the provider id
 * @param queues queue capabilities
 * @param topics topic capabilities
 * @param tables table capabilities
 * @param functions function capabilities
 * @param gateways gateway capabilities
 */
public record Capabilities(String provider, QueueCapabilities queues, TopicCapabilities topics,
                           TableCapabilities tables, FunctionCapabilities functions, GatewayCapabilities gateways) {

    /**
     * Capabilities of a provider without functions or gateways.
     *
     * @param provider the provider id
     * @param queues queue capabilities
     * @param topics topic capabilities
     * @param tables table capabilities
     */
    public Capabilities(String provider, QueueCapabilities queues, TopicCapabilities topics, TableCapabilities tables) {
        this(provider, queues, topics, tables, FunctionCapabilities.none(), GatewayCapabilities.none());
    }
}

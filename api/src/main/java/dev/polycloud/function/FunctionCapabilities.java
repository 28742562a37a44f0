package dev.polycloud.function;

import java.time.Duration;

/**
 * What a provider's functions support and their limits.
 *
 * @param supported whether the provider has functions at all
 * @param maxPayloadBytes the largest synchronous request or response payload
 * @param maxTimeout the longest invocation timeout
 * @param asyncInvoke whether asynchronous invocation is supported
 * @param reservedConcurrency whether a concurrency limit per function is supported
 * @param queueTriggers whether queues can trigger functions
 * @param subscriptionTriggers whether topic subscriptions can trigger functions
 * @param tableTriggers whether table change streams can trigger functions
 */
public record FunctionCapabilities(boolean supported, int maxPayloadBytes, Duration maxTimeout, boolean asyncInvoke,
                                   boolean reservedConcurrency, boolean queueTriggers, boolean subscriptionTriggers,
                                   boolean tableTriggers) {

    /**
     * A provider without functions.
     *
     * @return capabilities that declare nothing
     */
    public static FunctionCapabilities none() {
        return new FunctionCapabilities(false, 0, Duration.ZERO, false, false, false, false, false);
    }
}

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
 * @param schedules what scheduled triggers support
 * @param bucketEvents whether a bucket's object events can trigger functions ({@link TriggerSource#bucket(String)});
 *                     it lives here, not in {@code BlobCapabilities}, because the function driver binds the trigger
 *                     and {@link Functions#bind} checks it
 */
public record FunctionCapabilities(boolean supported, int maxPayloadBytes, Duration maxTimeout, boolean asyncInvoke,
                                   boolean reservedConcurrency, boolean queueTriggers, boolean subscriptionTriggers,
                                   boolean tableTriggers, ScheduleCapabilities schedules, boolean bucketEvents) {

    /**
     * Checks the components.
     *
     * @param supported see the record description
     * @param maxPayloadBytes see the record description
     * @param maxTimeout see the record description
     * @param asyncInvoke see the record description
     * @param reservedConcurrency see the record description
     * @param queueTriggers see the record description
     * @param subscriptionTriggers see the record description
     * @param tableTriggers see the record description
     * @param schedules see the record description
     * @param bucketEvents see the record description
     */
    public FunctionCapabilities {
        java.util.Objects.requireNonNull(schedules, "schedules");
    }

    /**
     * Capabilities without bucket-event triggers.
     *
     * @param supported see the record description
     * @param maxPayloadBytes see the record description
     * @param maxTimeout see the record description
     * @param asyncInvoke see the record description
     * @param reservedConcurrency see the record description
     * @param queueTriggers see the record description
     * @param subscriptionTriggers see the record description
     * @param tableTriggers see the record description
     * @param schedules see the record description
     */
    public FunctionCapabilities(boolean supported, int maxPayloadBytes, Duration maxTimeout, boolean asyncInvoke,
                                boolean reservedConcurrency, boolean queueTriggers, boolean subscriptionTriggers,
                                boolean tableTriggers, ScheduleCapabilities schedules) {
        this(supported, maxPayloadBytes, maxTimeout, asyncInvoke, reservedConcurrency, queueTriggers,
                subscriptionTriggers, tableTriggers, schedules, false);
    }

    /**
     * Capabilities without scheduled or bucket-event triggers.
     *
     * @param supported see the record description
     * @param maxPayloadBytes see the record description
     * @param maxTimeout see the record description
     * @param asyncInvoke see the record description
     * @param reservedConcurrency see the record description
     * @param queueTriggers see the record description
     * @param subscriptionTriggers see the record description
     * @param tableTriggers see the record description
     */
    public FunctionCapabilities(boolean supported, int maxPayloadBytes, Duration maxTimeout, boolean asyncInvoke,
                                boolean reservedConcurrency, boolean queueTriggers, boolean subscriptionTriggers,
                                boolean tableTriggers) {
        this(supported, maxPayloadBytes, maxTimeout, asyncInvoke, reservedConcurrency, queueTriggers,
                subscriptionTriggers, tableTriggers, ScheduleCapabilities.none());
    }

    /**
     * These capabilities with scheduled triggers.
     *
     * @param scheduleCapabilities what scheduled triggers support
     * @return a copy
     */
    public FunctionCapabilities withSchedules(ScheduleCapabilities scheduleCapabilities) {
        return new FunctionCapabilities(supported, maxPayloadBytes, maxTimeout, asyncInvoke, reservedConcurrency,
                queueTriggers, subscriptionTriggers, tableTriggers, scheduleCapabilities, bucketEvents);
    }

    /**
     * These capabilities with or without bucket-event triggers.
     *
     * @param bucketEventTriggers whether a bucket's object events can trigger functions
     * @return a copy
     */
    public FunctionCapabilities withBucketEvents(boolean bucketEventTriggers) {
        return new FunctionCapabilities(supported, maxPayloadBytes, maxTimeout, asyncInvoke, reservedConcurrency,
                queueTriggers, subscriptionTriggers, tableTriggers, schedules, bucketEventTriggers);
    }

    /**
     * A provider without functions.
     *
     * @return capabilities that declare nothing
     */
    public static FunctionCapabilities none() {
        return new FunctionCapabilities(false, 0, Duration.ZERO, false, false, false, false, false);
    }
}

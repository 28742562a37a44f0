package dev.polycloud.azure.internal;

import dev.polycloud.azure.functions.AzureFunctionDriver;
import dev.polycloud.azure.queues.QueueEnvelope;
import dev.polycloud.azure.tables.KeyCodec;

import dev.polycloud.Capabilities;
import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.function.ScheduleCapabilities;
import dev.polycloud.gateway.GatewayCapabilities;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.queue.QueueCapabilities;
import dev.polycloud.table.TableCapabilities;
import dev.polycloud.topic.TopicCapabilities;
import java.time.Duration;

/**
 * What the Azure provider declares, and why each number is what it is.
 *
 * <h2>Queues (Storage Queues)</h2>
 * <ul>
 *   <li>{@code maxMessageBytes} 48,000: the message text is a base64 {@link QueueEnvelope}, so
 *       body and attribute values grow by 4/3; 48,000 bytes plus envelope overhead for 32
 *       attributes stays under the 64 KiB message limit.</li>
 *   <li>{@code maxAttributes} 32; {@code maxBatchSize} 10 (Storage Queues have no batch send: the
 *       driver sends one by one, so a failed chunk resends at most ten messages);
 *       {@code maxReceiveBatch} 32 (the service's maximum); {@code maxLease} and {@code maxDelay}
 *       7 days (the service's visibility-timeout maximum).</li>
 *   <li>No FIFO and no deduplication (Storage Queues have neither); no native dead-lettering:
 *       the portable layer moves messages after {@code maxDeliveries} using the dequeue count.</li>
 * </ul>
 *
 * <h2>Topics (Service Bus)</h2>
 * <ul>
 *   <li>{@code maxMessageBytes} 61,440: attributes travel as application properties, which must fit
 *       the 64 KiB AMQP header limit even when a message is all attributes.</li>
 *   <li>{@code maxLease} 5 minutes (the longest Service Bus lock). Filters: yes (correlation and
 *       SQL rules). Ordering groups: no (sessions are not wired to the portable receive yet).
 *       Dead-lettering is portable: Service Bus can only dead-letter into its own sub-queue, not
 *       into the Storage Queue a policy names.</li>
 * </ul>
 *
 * <h2>Tables (Table Storage)</h2>
 * <ul>
 *   <li>{@code maxItemBytes} {@value #MAX_ITEM_BYTES}: an entity holds 1 MiB; the overflow
 *       encoding is at most twice the portable size, and Azurite measures binaries in base64
 *       (4/3), so 384,000 portable bytes fit either way.</li>
 *   <li>{@code maxBatchGet} 100 (point reads, one by one), {@code maxBatchWrite} 100 (entity group
 *       transactions: one per partition, at most 100 operations), {@code maxPageSize} 1,000 (the
 *       service's page size).</li>
 *   <li>{@code tableTransactions} false: entity group transactions are limited to one partition,
 *       not the cross-partition transactions the capability stands for.</li>
 * </ul>
 *
 * <h2>Functions (Azure Functions; declared when a function app is configured)</h2>
 * <ul>
 *   <li>{@code maxPayloadBytes} {@value #FUNCTION_MAX_PAYLOAD_BYTES}: the Functions host's HTTP request
 *       limit (100 MiB).</li>
 *   <li>{@code maxTimeout} 230 s: Azure's load balancer ends an HTTP request after 230 seconds,
 *       whatever the app's {@code functionTimeout}.</li>
 *   <li>No asynchronous invocation, no reserved concurrency (an app-wide setting on Azure), and no
 *       triggers: Azure Functions triggers are declared in the app's code and deployed with it, not
 *       bound at run time. Deploying and deleting are {@code UNIMPLEMENTED} too (see
 *       {@link AzureFunctionDriver}); the capabilities have no flag for that.</li>
 * </ul>
 *
 * <h2>Gateways (API Management; declared when a service is configured)</h2>
 * <ul>
 *   <li>{@code maxBodyBytes} {@value #GATEWAY_MAX_BODY_BYTES}: the function behind it accepts no more;
 *       the API's policy answers 413 above it (by {@code Content-Length}).</li>
 * </ul>
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AzureCapabilities {

    /** Largest queue message: body plus attribute names and values, in bytes. */
    public static final int QUEUE_MAX_MESSAGE_BYTES = 48_000;
    /** Most attributes on one queue message. */
    public static final int QUEUE_MAX_ATTRIBUTES = 32;
    /** Messages sent per driver call. */
    static final int QUEUE_MAX_BATCH = 10;
    /** Storage Queues' most messages per receive. */
    static final int QUEUE_MAX_RECEIVE = 32;
    /** Storage Queues' longest visibility timeout. */
    static final Duration QUEUE_MAX_LEASE = Duration.ofDays(7);

    /** Largest topic message. */
    static final int TOPIC_MAX_MESSAGE_BYTES = 60 * 1024;
    /** Most attributes on one topic message. */
    static final int TOPIC_MAX_ATTRIBUTES = 64;
    /** Messages per publish call. */
    static final int TOPIC_MAX_BATCH = 100;
    /** Most messages per subscription receive. */
    static final int TOPIC_MAX_RECEIVE = 100;
    /** Service Bus's longest message lock. */
    static final Duration TOPIC_MAX_LEASE = Duration.ofMinutes(5);

    /** Largest item, as the portable {@link dev.polycloud.table.ItemSize} counts it. */
    public static final int MAX_ITEM_BYTES = 384_000;
    /** Keys per batch get call. */
    static final int MAX_BATCH_GET = 100;
    /** Operations per batch write call (and per entity group transaction). */
    static final int MAX_BATCH_WRITE = 100;
    /** Items per query or scan page. */
    static final int MAX_PAGE_SIZE = 1000;

    /**
     * Longest string key value, in UTF-8 bytes: {@link KeyCodec}'s order-preserving escaping takes at
     * most two UTF-16 code units per UTF-8 byte, and it stores keys of up to
     * {@value KeyCodec#MAX_EXACT} code units exactly (Table Storage's limit is 512), so every key up
     * to 240 bytes is stored exactly and sorts in the portable order. Longer keys are refused by the
     * portable layer (INVALID_ARGUMENT) rather than truncated and hashed.
     */
    static final int MAX_KEY_BYTES = KeyCodec.MAX_EXACT / 2;

    /** Largest function request or response payload: the Functions host's HTTP limit. */
    static final int FUNCTION_MAX_PAYLOAD_BYTES = 100 * 1024 * 1024;
    /** Largest gateway request body. */
    public static final int GATEWAY_MAX_BODY_BYTES = FUNCTION_MAX_PAYLOAD_BYTES;

    /**
     * The capabilities for a configuration without functions or gateways.
     *
     * @param serviceBus whether a Service Bus namespace is configured (topics need one)
     * @return the capabilities
     */
    public static Capabilities of(boolean serviceBus) {
        return of(serviceBus, false, false);
    }

    /**
     * The capabilities for a configuration.
     *
     * @param serviceBus whether a Service Bus namespace is configured (topics need one)
     * @param functions whether a function app is configured
     * @param gateways whether an API Management service is configured
     * @return the capabilities
     */
    public static Capabilities of(boolean serviceBus, boolean functions, boolean gateways) {
        return of(serviceBus, functions, gateways, false);
    }

    /**
     * The capabilities for a configuration.
     *
     * @param serviceBus whether a Service Bus namespace is configured (topics need one)
     * @param functions whether a function app is configured
     * @param gateways whether an API Management service is configured
     * @param bucketEvents whether bucket events can be bound (functions and the function app's Resource Manager
     *                     keys are configured)
     * @return the capabilities
     */
    public static Capabilities of(boolean serviceBus, boolean functions, boolean gateways, boolean bucketEvents) {
        return new Capabilities(AzureErrors.PROVIDER,
                new QueueCapabilities(new MessageLimits(QUEUE_MAX_MESSAGE_BYTES, QUEUE_MAX_ATTRIBUTES, QUEUE_MAX_BATCH,
                        QUEUE_MAX_RECEIVE, QUEUE_MAX_LEASE), QUEUE_MAX_LEASE, false, false, false),
                new TopicCapabilities(serviceBus, new MessageLimits(TOPIC_MAX_MESSAGE_BYTES, TOPIC_MAX_ATTRIBUTES,
                        TOPIC_MAX_BATCH, TOPIC_MAX_RECEIVE, TOPIC_MAX_LEASE), true, false, false),
                new TableCapabilities(MAX_ITEM_BYTES, MAX_BATCH_GET, MAX_BATCH_WRITE, MAX_PAGE_SIZE, false, MAX_KEY_BYTES),
                functions ? new FunctionCapabilities(true, FUNCTION_MAX_PAYLOAD_BYTES, AzureFunctionSettings.MAX_TIMEOUT,
                        false, false, false, false, false).withSchedules(SCHEDULES).withBucketEvents(bucketEvents)
                        : FunctionCapabilities.none(),
                gateways ? new GatewayCapabilities(true, GATEWAY_MAX_BODY_BYTES) : GatewayCapabilities.none());
    }

    /**
     * Schedules: not bound through the API (a timer trigger is declared with the function app), but
     * the adapter runs a portable handler from {@code @TimerTrigger}; timer functions run as
     * singletons, so runs never overlap.
     */
    static final ScheduleCapabilities SCHEDULES = new ScheduleCapabilities(false, ScheduleCapabilities.ONE_MINUTE,
            true, true);

    private AzureCapabilities() {
    }
}

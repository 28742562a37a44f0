package dev.polycloud.local.internal;

import dev.polycloud.local.LocalCloudProvider;

import dev.polycloud.Capabilities;
import dev.polycloud.CloudException;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.function.ScheduleCapabilities;
import dev.polycloud.gateway.GatewayCapabilities;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.queue.QueueCapabilities;
import dev.polycloud.table.TableCapabilities;
import dev.polycloud.topic.TopicCapabilities;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The in-memory provider's settings. By default it declares every capability with SQS-like
 * limits, so an application that works locally is not surprised by the clouds. Keys:
 * <ul>
 *   <li>{@code polycloud.local.disable}: comma-separated capabilities to withdraw, from
 *       {@value #FEATURES} — to rehearse a stricter cloud (for example Pub/Sub has no delay);</li>
 *   <li>{@code polycloud.local.max-message-bytes} (default 262144), {@code polycloud.local.max-attributes}
 *       (default 10), {@code polycloud.local.max-item-bytes} (default 409600);</li>
 *   <li>{@code polycloud.local.gateway.port} (default 0: any free port; a fixed port serves one gateway),
 *       {@code polycloud.local.gateway.max-body-bytes} (default 6 MiB, like Lambda);</li>
 *   <li>{@code polycloud.local.functions.max-concurrency} (default 1000): invocations beyond it are THROTTLED;</li>
 *   <li>{@code polycloud.local.instance}: a name; every cloud opened with the same name in this JVM shares
 *       its queues, topics, tables and buckets (like H2's named in-memory databases), so that in-process function
 *       handlers that open their own cloud see the application's data. Without it, each cloud is private.</li>
 *   <li>{@code polycloud.local.blob.dir}: a directory in which object contents are kept as files (streamed, so
 *       large objects need no heap); without it, contents are kept in memory. Object metadata stays in memory,
 *       so the objects do not outlive the cloud.</li>
 * </ul>
 *
 * @param disabled the withdrawn capabilities
 * @param maxMessageBytes the largest message
 * @param maxAttributes the most attributes per message
 * @param maxItemBytes the largest table item
 * @param gatewayPort the port gateways listen on ({@code 0}: a free port each)
 * @param gatewayMaxBodyBytes the largest gateway request body
 * @param maxConcurrency the most function invocations running at once in this JVM
 * @param instance the name of a shared in-memory instance, or empty for a private one
 */
public record LocalSettings(Set<String> disabled, int maxMessageBytes, int maxAttributes, int maxItemBytes,
                            int gatewayPort, int gatewayMaxBodyBytes, int maxConcurrency, String instance) {

    /** The configuration key withdrawing capabilities. */
    public static final String DISABLE = "polycloud.local.disable";
    /** The configuration key of the largest message. */
    public static final String MAX_MESSAGE_BYTES = "polycloud.local.max-message-bytes";
    /** The configuration key of the most attributes per message. */
    public static final String MAX_ATTRIBUTES = "polycloud.local.max-attributes";
    /** The configuration key of the largest item. */
    public static final String MAX_ITEM_BYTES = "polycloud.local.max-item-bytes";
    /** The configuration key of the gateway port. */
    public static final String GATEWAY_PORT = "polycloud.local.gateway.port";
    /** The configuration key of the largest gateway request body. */
    public static final String GATEWAY_MAX_BODY_BYTES = "polycloud.local.gateway.max-body-bytes";
    /** The configuration key of the function concurrency limit. */
    public static final String MAX_CONCURRENCY = "polycloud.local.functions.max-concurrency";
    /** The configuration key naming a shared in-memory instance. */
    public static final String INSTANCE = "polycloud.local.instance";
    /** The configuration key of the directory keeping object contents on disk. */
    public static final String BLOB_DIR = "polycloud.local.blob.dir";
    /** Every key this provider reads. */
    public static final Set<String> KEYS = Set.of(DISABLE, MAX_MESSAGE_BYTES, MAX_ATTRIBUTES, MAX_ITEM_BYTES,
            GATEWAY_PORT, GATEWAY_MAX_BODY_BYTES, MAX_CONCURRENCY, INSTANCE, BLOB_DIR);
    /** The capabilities that {@value #DISABLE} accepts. */
    public static final String FEATURES =
            "delay, fifo, deduplication, native-dead-letter, subscription-filters, ordering-groups, bucket-events";

    private static final Set<String> ACCEPTED = Arrays.stream(FEATURES.split(",\\s*")).collect(Collectors.toSet());

    /**
     * Copies the set.
     */
    public LocalSettings {
        disabled = Set.copyOf(disabled);
    }

    /**
     * Reads the settings.
     *
     * @param config the configuration
     * @return the settings
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming a wrong key
     */
    public static LocalSettings from(PolycloudConfig config) {
        Set<String> disabled = new TreeSet<>();
        config.get(DISABLE).ifPresent(raw -> {
            for (String part : raw.split(",")) {
                String f = part.trim().toLowerCase(Locale.ROOT);
                if (f.isEmpty()) {
                    continue;
                }
                if (!ACCEPTED.contains(f)) {
                    throw CloudException.invalidArgument("Configuration key '" + DISABLE + "' accepts " + FEATURES
                            + " (found '" + f + "')");
                }
                disabled.add(f);
            }
        });
        return new LocalSettings(disabled,
                config.getInt(MAX_MESSAGE_BYTES, 256 * 1024, 1024, 64 * 1024 * 1024),
                config.getInt(MAX_ATTRIBUTES, 10, 0, 1000),
                config.getInt(MAX_ITEM_BYTES, 400 * 1024, 1024, 64 * 1024 * 1024),
                config.getInt(GATEWAY_PORT, 0, 0, 65535),
                config.getInt(GATEWAY_MAX_BODY_BYTES, 6 * 1024 * 1024, 1, 256 * 1024 * 1024),
                config.getInt(MAX_CONCURRENCY, 1000, 1, 100_000),
                config.get(INSTANCE).orElse(""));
    }

    /**
     * Whether a capability is declared.
     *
     * @param feature one of {@value #FEATURES}
     * @return true unless withdrawn
     */
    public boolean has(String feature) {
        return !disabled.contains(feature);
    }

    /**
     * The capabilities these settings declare.
     *
     * @return the capabilities
     */
    public Capabilities capabilities() {
        MessageLimits limits = new MessageLimits(maxMessageBytes, maxAttributes, 10, 10, Duration.ofHours(12));
        return new Capabilities(LocalCloudProvider.ID,
                new QueueCapabilities(limits, has("delay") ? Duration.ofMinutes(15) : Duration.ZERO, has("fifo"),
                        has("deduplication"), has("native-dead-letter")),
                new TopicCapabilities(limits, has("subscription-filters"), has("ordering-groups"),
                        has("native-dead-letter")),
                new TableCapabilities(maxItemBytes, 100, 25, 1000, false),
                new FunctionCapabilities(true, 6 * 1024 * 1024, Duration.ofMinutes(15), true, true, true, true, true)
                        .withSchedules(new ScheduleCapabilities(true, Duration.ofSeconds(1), true, false))
                        .withBucketEvents(has("bucket-events")),
                new GatewayCapabilities(true, gatewayMaxBodyBytes));
    }
}

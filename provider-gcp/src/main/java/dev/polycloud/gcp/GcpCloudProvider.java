package dev.polycloud.gcp;

import com.google.inject.Module;
import dev.polycloud.Capabilities;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.gateway.GatewayCapabilities;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.queue.QueueCapabilities;
import dev.polycloud.spi.CloudProvider;
import dev.polycloud.table.TableCapabilities;
import dev.polycloud.topic.TopicCapabilities;
import java.time.Duration;

/**
 * The Google Cloud provider ({@code polycloud.provider=gcp}): queues and topics on Pub/Sub,
 * tables on Firestore in native mode, functions on Cloud Functions (2nd gen), gateways on API
 * Gateway. Its configuration keys are described in {@link GcpSettings} and {@link GcpFunctionSettings};
 * {@code polycloud.gcp.project} is required, and functions and gateways also need {@code polycloud.gcp.region}.
 *
 * <h2>What it declares</h2>
 * <ul>
 *   <li>Messages: 10,000,000 bytes (Pub/Sub's 10 MB), 100 attributes, 1,000 per publish and per pull,
 *       leases up to 600 seconds (the longest ack deadline). Pub/Sub also limits attribute values to
 *       1,024 bytes, which it enforces itself (INVALID_ARGUMENT).</li>
 *   <li>Queues: FIFO (message ordering, ordering group = ordering key); no delayed delivery and no
 *       deduplication (Pub/Sub has neither). nativeDeadLetter is false: Pub/Sub's dead-letter
 *       policy takes 5 to 100 attempts, so the drivers set it (which also makes Pub/Sub count
 *       deliveries) and the portable layer moves messages for a smaller maxDeliveries.</li>
 *   <li>Topics: filters (Pub/Sub filter expressions) and ordering groups.</li>
 *   <li>Tables: items up to 1,000,000 portable bytes (a Firestore document holds 1 MiB including
 *       names and the driver's fields), 500 keys per batch get, 500 writes per batch (Firestore's
 *       commit limit), pages of up to 500 items; Firestore has transactions.</li>
 *   <li>Functions: payloads up to 32,000,000 bytes (Cloud Functions' 32 MB request limit), timeouts up to
 *       3,600 seconds (HTTP functions of the 2nd gen). No asynchronous invocation, no reserved
 *       concurrency (Cloud Run holds a request beyond its instances in a queue rather than refusing it),
 *       no triggers: all refused with UNIMPLEMENTED by the portable layer.</li>
 *   <li>Gateways: request bodies up to 32,000,000 bytes.</li>
 * </ul>
 */
public final class GcpCloudProvider implements CloudProvider {

    /** The provider id. */
    public static final String ID = "gcp";

    /** The largest invocation payload and gateway request body: Cloud Functions' 32 MB HTTP request limit. */
    public static final int MAX_PAYLOAD_BYTES = 32_000_000;

    private static final MessageLimits LIMITS = new MessageLimits(PubSubMessages.MAX_MESSAGE_BYTES,
            PubSubMessages.MAX_ATTRIBUTES, PubSubMessages.MAX_PUBLISH_BATCH, 1000, Duration.ofSeconds(600));
    private static final Capabilities CAPABILITIES = new Capabilities(ID,
            new QueueCapabilities(LIMITS, Duration.ZERO, true, false, false),
            new TopicCapabilities(LIMITS, true, true, false),
            new TableCapabilities(1_000_000, 500, 500, 500, true),
            new FunctionCapabilities(true, MAX_PAYLOAD_BYTES, Duration.ofSeconds(3600), false, false, false, false,
                    false),
            new GatewayCapabilities(true, MAX_PAYLOAD_BYTES));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Module module(PolycloudConfig config) {
        return new GcpModule(GcpSettings.from(config), GcpFunctionSettings.from(config));
    }

    /**
     * What the provider supports and its limits.
     *
     * @return the capabilities
     */
    public static Capabilities capabilities() {
        return CAPABILITIES;
    }
}

package dev.polycloud.azure.functions;

import dev.polycloud.azure.queues.QueueEnvelope;

import dev.polycloud.message.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Portable messages from what an Azure Functions trigger hands to a function: the Storage Queue
 * message text (a {@link QueueEnvelope} written by the queue driver) and the Service Bus message the
 * topic driver published. Used by {@link dev.polycloud.azure.functions.PolycloudAzure}; applications
 * use that class instead.
 *
 * <p>The host settles the message itself (it deletes a queue message, or completes a Service Bus
 * message, when the function returns, and retries it when the function throws), so the messages carry
 * an empty receipt: acking one through a {@code Queue} fails with {@code INVALID_ARGUMENT}.
 */
final class AzureTriggerMessages {

    private AzureTriggerMessages() {
    }

    /**
     * A Storage Queue message as a queue trigger delivers it.
     *
     * @param id the message id (the trigger's {@code Id} metadata)
     * @param text the message text
     * @param dequeueCount the trigger's {@code DequeueCount} (1 on the first delivery)
     * @return the portable message: body, attributes, ordering group and send time from the envelope
     *         (a text that is not an envelope is the UTF-8 body), delivery count = dequeue count
     */
    public static ReceivedMessage fromQueue(String id, String text, long dequeueCount) {
        Objects.requireNonNull(id, "id");
        QueueEnvelope.Content content = QueueEnvelope.decode(text == null ? "" : text);
        return new ReceivedMessage(id, content.body(), content.attributes(), count(dequeueCount),
                content.sentAt().orElseGet(Instant::now), content.orderingGroup(), "");
    }

    /**
     * A Service Bus message as a Service Bus trigger delivers it.
     *
     * @param id the message id (the trigger's {@code MessageId} metadata)
     * @param body the body
     * @param properties the application properties (the portable attributes), or null
     * @param deliveryCount the trigger's {@code DeliveryCount} (1 on the first delivery)
     * @param enqueuedAt when the broker accepted it, or null for now
     * @return the portable message
     */
    public static ReceivedMessage fromServiceBus(String id, byte[] body, Map<String, ?> properties, long deliveryCount,
                                                 Instant enqueuedAt) {
        Objects.requireNonNull(id, "id");
        Map<String, String> attributes = new LinkedHashMap<>();
        if (properties != null) {
            properties.forEach((k, v) -> {
                if (k != null && v != null) {
                    attributes.put(k, String.valueOf(v));
                }
            });
        }
        return new ReceivedMessage(id, body == null ? new byte[0] : body, attributes, count(deliveryCount),
                enqueuedAt == null ? Instant.now() : enqueuedAt, Optional.empty(), "");
    }

    /**
     * A body as bytes: {@code byte[]} as is, text as UTF-8.
     *
     * @param body the body a binding gave
     * @return the bytes
     */
    static byte[] bytes(Object body) {
        if (body == null) {
            return new byte[0];
        }
        return body instanceof byte[] b ? b : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    }

    private static int count(long n) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, n));
    }
}

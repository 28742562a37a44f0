package dev.polycloud.gcp.functions;

import dev.polycloud.internal.FunctionObservation;
import dev.polycloud.internal.InvocationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.functions.CloudEventsFunction;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.HandlerInvoker;
import dev.polycloud.function.HandlerInvoker.HandlerFailure;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.message.ReceivedMessage;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The Cloud Functions (2nd gen) entry point of an event-driven function that runs an unchanged
 * portable handler on Pub/Sub messages: deploy with entry point
 * {@code dev.polycloud.gcp.functions.PolycloudCloudEventFunction}, an Eventarc trigger of type
 * {@value #MESSAGE_PUBLISHED}, and the variables of {@link AdapterConfig}.
 *
 * <p>Each CloudEvent carries one Pub/Sub message, handed to the handler as a {@link MessageBatch} of one
 * (its source from {@value #SOURCE}, else derived from the topic: {@code q.orders} is
 * {@code queue/orders}, subscription {@code t.events.audit} is {@code subscription/events/audit}). A
 * handler of another input type gets the message data as its payload. When the handler throws, names
 * the message in its {@link BatchResult}, or runs past the timeout, {@link #accept} throws, so the
 * function fails and Pub/Sub redelivers the message (and dead-letters it per the subscription's policy).
 *
 * <p>Bucket events: a {@value #MESSAGE_PUBLISHED} event carrying a Cloud Storage notification, and Eventarc's
 * Cloud Storage events {@value #OBJECT_FINALIZED} / {@value #OBJECT_DELETED}, reach the handler as a
 * {@link BlobEventBatch} of one event ({@link GcsEvents}); a failing handler fails the function so the event is
 * delivered again.
 */
public class PolycloudCloudEventFunction implements CloudEventsFunction {

    /** The CloudEvent type of a published Pub/Sub message. */
    public static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
    /** The CloudEvent type of an object written to Cloud Storage (Eventarc). */
    public static final String OBJECT_FINALIZED = "google.cloud.storage.object.v1.finalized";
    /** The CloudEvent type of an object deleted from Cloud Storage (Eventarc). */
    public static final String OBJECT_DELETED = "google.cloud.storage.object.v1.deleted";
    /** The variable naming the portable source, such as {@code queue/orders}. */
    public static final String SOURCE = "POLYCLOUD_TRIGGER_SOURCE";

    private final HandlerHost host;
    private final Map<String, String> environment;

    /** The entry point the Functions Framework instantiates: configured from the environment. */
    public PolycloudCloudEventFunction() {
        this(System.getenv());
    }

    /**
     * An adapter configured from explicit variables (for embedding and tests).
     *
     * @param environment the variables {@link AdapterConfig#from} reads, and {@value #SOURCE}
     */
    public PolycloudCloudEventFunction(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.host = new HandlerHost(environment, PolycloudCloudEventFunction.class.getClassLoader());
    }

    /** The message failed: thrown so that the function fails and Pub/Sub redelivers it. */
    public static final class MessageFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what failed
         * @param cause the handler's failure, if any
         */
        public MessageFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public void accept(CloudEvent event) throws Exception {
        HandlerInvoker invoker = host.invoker();
        InvocationContext context = host.context(event.getId());
        java.util.Optional<java.util.Optional<BlobEventBatch>> blobs = blobEvents(event);
        if (blobs.isPresent()) {
            if (blobs.get().isPresent()) {
                byte[] payload = PayloadCodec.encode(blobs.get().get());
                try {
                    host.run(() -> invoker.invoke(payload, context), context);
                } catch (HandlerFailure f) {
                    throw new MessageFailedException("The handler failed bucket event " + event.getId() + ": "
                            + f.errorType() + (f.getMessage().isEmpty() ? "" : ": " + f.getMessage()), f.getCause());
                } catch (TimeoutException e) {
                    throw new MessageFailedException("The handler ran past the timeout of " + host.config().timeout()
                            + " on bucket event " + event.getId(), e);
                }
            }
            return;
        }
        ReceivedMessage message = message(event);
        try {
            if (invoker.inputType() == MessageBatch.class) {
                MessageBatch batch = new MessageBatch(source(event), List.of(message));
                Object result = host.run(() -> invoker.invokeObject(batch, context), context,
                        FunctionObservation.PUBSUB, List.of(message.attributes()));
                if (result instanceof BatchResult r && r.failedIds().contains(message.id())) {
                    throw new MessageFailedException("The handler failed message " + message.id(), null);
                }
            } else {
                host.run(() -> invoker.invoke(message.body(), context), context, FunctionObservation.PUBSUB,
                        List.of(message.attributes()));
            }
        } catch (HandlerFailure f) {
            throw new MessageFailedException("The handler failed message " + message.id() + ": " + f.errorType()
                    + (f.getMessage().isEmpty() ? "" : ": " + f.getMessage()), f.getCause());
        } catch (TimeoutException e) {
            throw new MessageFailedException("The handler ran past the timeout of " + host.config().timeout()
                    + " on message " + message.id(), e);
        }
    }

    /**
     * The portable message of a {@value #MESSAGE_PUBLISHED} event.
     *
     * @param event the event
     * @return the message (receipt: the event id)
     * @throws IllegalArgumentException when the event carries no Pub/Sub message
     */
    static ReceivedMessage message(CloudEvent event) {
        JsonNode data = data(event);
        JsonNode m = data.path("message");
        if (!m.isObject()) {
            throw new IllegalArgumentException("CloudEvent " + event.getId() + " of type " + event.getType()
                    + " carries no Pub/Sub message");
        }
        String id = m.path("messageId").asText(m.path("message_id").asText(event.getId()));
        byte[] body = m.hasNonNull("data") ? Base64.getDecoder().decode(m.get("data").asText()) : new byte[0];
        Map<String, String> attributes = new LinkedHashMap<>();
        m.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        Instant sentAt = event.getTime() == null ? Instant.now() : event.getTime().toInstant();
        String publishTime = m.path("publishTime").asText(m.path("publish_time").asText(""));
        if (!publishTime.isEmpty()) {
            try {
                sentAt = Instant.parse(publishTime);
            } catch (DateTimeParseException e) {
                // keep the event time
            }
        }
        String orderingKey = m.path("orderingKey").asText("");
        int attempt = data.path("deliveryAttempt").asInt(0);
        return new ReceivedMessage(id, body, attributes, Math.max(1, attempt), sentAt,
                orderingKey.isEmpty() ? Optional.empty() : Optional.of(orderingKey), event.getId());
    }

    /**
     * The bucket events of a CloudEvent: a {@value #MESSAGE_PUBLISHED} event carrying a Cloud Storage notification
     * ({@link GcsEvents}), or an Eventarc Cloud Storage event ({@value #OBJECT_FINALIZED},
     * {@value #OBJECT_DELETED}) whose data is the object resource.
     *
     * @param event the event
     * @return empty when the event is not a bucket event; else the batch, or an empty batch when the event is no
     *         portable event (and is acknowledged without running the handler)
     */
    static java.util.Optional<java.util.Optional<BlobEventBatch>> blobEvents(CloudEvent event) {
        String type = event.getType() == null ? "" : event.getType();
        if (type.equals(OBJECT_FINALIZED) || type.equals(OBJECT_DELETED)) {
            JsonNode o = data(event);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("bucketId", o.path("bucket").asText(""));
            attributes.put("objectId", o.path("name").asText(""));
            attributes.put("eventType", type.equals(OBJECT_FINALIZED) ? "OBJECT_FINALIZE" : "OBJECT_DELETE");
            if (event.getTime() != null) {
                attributes.put("eventTime", event.getTime().toInstant().toString());
            }
            return java.util.Optional.of(GcsEvents.fromMessage(attributes, PayloadCodec.encode(o)));
        }
        if (!type.equals(MESSAGE_PUBLISHED) || event.getData() == null) {
            return java.util.Optional.empty();
        }
        JsonNode m = data(event).path("message");
        if (!GcsEvents.isNotification(m.path("attributes"))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(GcsEvents.fromPush(data(event)));
    }

    private String source(CloudEvent event) {
        String configured = environment.get(SOURCE);
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String subscription = last(data(event).path("subscription").asText(""));
        if (subscription.startsWith("t.") && subscription.indexOf('.', 2) > 2) {
            String rest = subscription.substring(2);
            int dot = rest.indexOf('.');
            return "subscription/" + rest.substring(0, dot) + "/" + rest.substring(dot + 1);
        }
        String topic = last(event.getSource() == null ? "" : event.getSource().toString());
        if (topic.startsWith("q.")) {
            return "queue/" + topic.substring(2);
        }
        if (topic.startsWith("t.")) {
            return "subscription/" + topic.substring(2) + "/" + (subscription.isEmpty() ? "eventarc" : subscription);
        }
        return "subscription/" + topic + "/" + (subscription.isEmpty() ? "eventarc" : subscription);
    }

    private static JsonNode data(CloudEvent event) {
        if (event.getData() == null) {
            throw new IllegalArgumentException("CloudEvent " + event.getId() + " has no data");
        }
        try {
            return PayloadCodec.mapper().readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("CloudEvent " + event.getId() + " data is not JSON: "
                    + e.getMessage(), e);
        }
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}

package dev.polycloud.gcp.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.PayloadCodec;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes Cloud Storage Pub/Sub notifications (payload format {@code JSON_API_V1}) into a portable
 * {@link BlobEventBatch} of one event. Such a notification is a Pub/Sub message whose attributes say what happened
 * and whose data is the object resource:
 *
 * <ul>
 *   <li>{@code bucketId} is the bucket, {@code objectId} the key, {@code eventTime} the time (RFC 3339);</li>
 *   <li>{@code eventType} {@code OBJECT_FINALIZE} is {@link BlobEventType#CREATED}; {@code OBJECT_DELETE} is
 *       {@link BlobEventType#DELETED} — except when it carries {@code overwrittenByGeneration}: Cloud Storage
 *       reports an overwrite as the old generation's deletion plus the new one's finalize, while the portable
 *       contract reports an overwrite as one {@code CREATED} event; {@code OBJECT_METADATA_UPDATE} and
 *       {@code OBJECT_ARCHIVE} are no portable event;</li>
 *   <li>the data's {@code size} is the size (0 for a deletion) and its {@code generation} the ETag (the GCS blob
 *       driver's ETag is the generation, so it equals what {@code head} reports);</li>
 *   <li>the custom attribute {@value #SUFFIX_ATTRIBUTE}, which the GCS bucket trigger sets on the notification
 *       because Cloud Storage filters by prefix only, drops events whose key does not end with it.</li>
 * </ul>
 * It arrives either as a Pub/Sub push request body ({@code {"message":{...},"subscription":"..."}}, the form the
 * bucket trigger's push subscription POSTs to the HTTP adapter) or as the message inside an Eventarc
 * {@code messagePublished} CloudEvent. Stateless and thread-safe.
 */
public final class GcsEvents {

    /** The notification's custom attribute holding the trigger's key suffix. */
    public static final String SUFFIX_ATTRIBUTE = "polycloud-suffix";

    private GcsEvents() {
    }

    /**
     * Whether a request body is a Pub/Sub push of a Cloud Storage notification.
     *
     * @param body the body bytes
     * @return its JSON when it is one
     */
    public static Optional<JsonNode> push(byte[] body) {
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i == body.length || body[i] != '{') {
            return Optional.empty();
        }
        try {
            JsonNode root = PayloadCodec.mapper().readTree(body);
            return root != null && isNotification(root.path("message").path("attributes")) ? Optional.of(root)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether Pub/Sub message attributes are a Cloud Storage notification's.
     *
     * @param attributes the attributes (a JSON object)
     * @return true when {@code bucketId}, {@code objectId} and {@code eventType} are present
     */
    static boolean isNotification(JsonNode attributes) {
        return attributes.isObject() && attributes.hasNonNull("bucketId") && attributes.hasNonNull("objectId")
                && attributes.hasNonNull("eventType");
    }

    /**
     * The portable batch of a push request body.
     *
     * @param root the body ({@link #push} present)
     * @return the batch, or empty when the notification is no portable event or the trigger's suffix drops it
     */
    public static Optional<BlobEventBatch> fromPush(JsonNode root) {
        JsonNode message = root.path("message");
        Map<String, String> attributes = new LinkedHashMap<>();
        message.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        byte[] data = message.hasNonNull("data") ? Base64.getDecoder().decode(message.get("data").asText())
                : new byte[0];
        return fromMessage(attributes, data);
    }

    /**
     * The portable batch of a notification message.
     *
     * @param attributes the message attributes
     * @param data the message data (the object resource as JSON, or empty)
     * @return the batch, or empty when the notification is no portable event or the trigger's suffix drops it
     */
    public static Optional<BlobEventBatch> fromMessage(Map<String, String> attributes, byte[] data) {
        String bucket = attributes.get("bucketId");
        String key = attributes.get("objectId");
        String eventType = attributes.getOrDefault("eventType", "");
        if (bucket == null || key == null) {
            return Optional.empty();
        }
        BlobEventType type;
        if (eventType.equals("OBJECT_FINALIZE")) {
            type = BlobEventType.CREATED;
        } else if (eventType.equals("OBJECT_DELETE") && !attributes.containsKey("overwrittenByGeneration")) {
            type = BlobEventType.DELETED;
        } else {
            return Optional.empty();
        }
        String suffix = attributes.get(SUFFIX_ATTRIBUTE);
        if (suffix != null && !suffix.isEmpty() && !key.endsWith(suffix)) {
            return Optional.empty();
        }
        JsonNode object = object(data);
        long size = type == BlobEventType.DELETED ? 0 : object.path("size").asLong(0);
        String generation = object.path("generation").asText(attributes.getOrDefault("objectGeneration", ""));
        Optional<String> etag = type == BlobEventType.DELETED || generation.isEmpty() ? Optional.empty()
                : Optional.of(generation);
        Instant time = time(attributes.get("eventTime"), object.path(type == BlobEventType.DELETED ? "timeDeleted"
                : "updated").asText(""));
        return Optional.of(new BlobEventBatch(bucket, List.of(new BlobEvent(bucket, key, size, etag, type, time))));
    }

    private static JsonNode object(byte[] data) {
        if (data.length == 0) {
            return PayloadCodec.mapper().createObjectNode();
        }
        try {
            JsonNode n = PayloadCodec.mapper().readTree(data);
            return n == null ? PayloadCodec.mapper().createObjectNode() : n;
        } catch (IOException e) {
            return PayloadCodec.mapper().createObjectNode();
        }
    }

    private static Instant time(String eventTime, String fallback) {
        for (String t : new String[] {eventTime, fallback}) {
            if (t != null && !t.isBlank()) {
                try {
                    return Instant.parse(t);
                } catch (DateTimeParseException e) {
                    // try the next
                }
            }
        }
        return Instant.now();
    }
}

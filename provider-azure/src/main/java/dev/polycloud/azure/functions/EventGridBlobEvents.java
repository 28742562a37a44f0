package dev.polycloud.azure.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.PayloadCodec;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes Event Grid's Blob Storage events ({@code Microsoft.Storage.BlobCreated},
 * {@code Microsoft.Storage.BlobDeleted}, in the Event Grid schema or the CloudEvents 1.0 schema) into a portable
 * {@link BlobEventBatch}:
 *
 * <ul>
 *   <li>the subject {@code /blobServices/default/containers/<container>/blobs/<name>} gives the bucket (the
 *       container: a portable bucket name is the container name) and the key (the blob name, as written);</li>
 *   <li>{@code BlobCreated} is {@link BlobEventType#CREATED} with {@code data.contentLength} as the size and
 *       {@code data.eTag} as the ETag (quoted, as the blob driver's {@code head} reports it);
 *       {@code BlobDeleted} is {@link BlobEventType#DELETED} with size 0 and no ETag; other event types (tier
 *       changes, renames, directory events) are left out;</li>
 *   <li>{@code eventTime} (or the CloudEvents {@code time}) is the time.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class EventGridBlobEvents {

    /** Event Grid's event type of a created or replaced blob. */
    public static final String BLOB_CREATED = "Microsoft.Storage.BlobCreated";
    /** Event Grid's event type of a deleted blob. */
    public static final String BLOB_DELETED = "Microsoft.Storage.BlobDeleted";

    private static final String CONTAINERS = "/blobServices/default/containers/";
    private static final String BLOBS = "/blobs/";

    private EventGridBlobEvents() {
    }

    /**
     * The portable batch of one event or an array of events, as the Event Grid trigger binds them to a
     * {@code String}.
     *
     * @param json the event JSON (an object, or an array of objects)
     * @return the batch of the first blob event's container, or empty when no event is a blob creation or deletion
     * @throws IllegalArgumentException when the text is not JSON
     */
    public static Optional<BlobEventBatch> decode(String json) {
        JsonNode root;
        try {
            root = PayloadCodec.mapper().readTree(json == null ? "" : json);
        } catch (IOException e) {
            throw new IllegalArgumentException("The Event Grid event is not JSON: " + e.getMessage(), e);
        }
        List<BlobEvent> events = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(e -> event(e).ifPresent(events::add));
        } else if (root != null) {
            event(root).ifPresent(events::add);
        }
        if (events.isEmpty()) {
            return Optional.empty();
        }
        String bucket = events.get(0).bucket();
        return Optional.of(new BlobEventBatch(bucket, events.stream().filter(e -> e.bucket().equals(bucket)).toList()));
    }

    /**
     * One event as a portable event.
     *
     * @param e the event
     * @return the portable event, or empty when it is not a blob creation or deletion
     */
    static Optional<BlobEvent> event(JsonNode e) {
        String type = e.path("eventType").asText(e.path("type").asText(""));
        BlobEventType portable;
        if (type.equals(BLOB_CREATED)) {
            portable = BlobEventType.CREATED;
        } else if (type.equals(BLOB_DELETED)) {
            portable = BlobEventType.DELETED;
        } else {
            return Optional.empty();
        }
        String subject = e.path("subject").asText("");
        int c = subject.indexOf(CONTAINERS);
        int b = c < 0 ? -1 : subject.indexOf(BLOBS, c + CONTAINERS.length());
        if (b < 0) {
            return Optional.empty();
        }
        String container = subject.substring(c + CONTAINERS.length(), b);
        String key = subject.substring(b + BLOBS.length());
        JsonNode data = e.path("data");
        Instant time = time(e.path("eventTime").asText(e.path("time").asText("")));
        if (portable == BlobEventType.DELETED) {
            return Optional.of(BlobEvent.deleted(container, key, time));
        }
        String etag = data.path("eTag").asText("");
        return Optional.of(new BlobEvent(container, key, Math.max(0, data.path("contentLength").asLong(0)),
                etag.isEmpty() ? Optional.empty() : Optional.of(etag.startsWith("\"") ? etag : "\"" + etag + "\""),
                BlobEventType.CREATED, time));
    }

    private static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}

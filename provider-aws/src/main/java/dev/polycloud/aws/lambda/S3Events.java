package dev.polycloud.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.function.BlobEventBatch;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes S3 event notifications ({@code {"Records":[{"eventSource":"aws:s3", ...}]}}, as S3 invokes a Lambda
 * function with them and as it sends them to SQS and SNS) into a portable {@link BlobEventBatch}.
 *
 * <ul>
 *   <li>{@code s3.bucket.name} is the bucket, {@code s3.object.key} the key, URL-decoded as S3 encodes it (form
 *       encoding: a space arrives as {@code +}, a {@code +} as {@code %2B});</li>
 *   <li>{@code eventName} {@code ObjectCreated:*} is {@link BlobEventType#CREATED}, {@code ObjectRemoved:*}
 *       {@link BlobEventType#DELETED}; records of other events (restores, tagging, ACLs, lifecycle transitions)
 *       are left out;</li>
 *   <li>{@code s3.object.size} is the size (0 for deletions, which carry none), {@code s3.object.eTag} the ETag
 *       (quoted, as {@code head} reports it; absent for deletions), {@code eventTime} the time (ISO-8601; a time without a zone, as moto writes
 *       it, is UTC).</li>
 * </ul>
 * S3's {@code s3:TestEvent} (sent when a configuration is written) has no {@code Records} and is not an S3
 * event here. Stateless and thread-safe.
 */
public final class S3Events {

    private S3Events() {
    }

    /**
     * Whether a JSON document is an S3 event notification.
     *
     * @param root the document
     * @return true when its first record's {@code eventSource} is {@code aws:s3}
     */
    public static boolean isS3(JsonNode root) {
        JsonNode records = root.path("Records");
        return records.isArray() && !records.isEmpty()
                && "aws:s3".equals(records.get(0).path("eventSource").asText(""));
    }

    /**
     * The portable batch of an S3 event notification.
     *
     * @param root the notification ({@link #isS3} true)
     * @return the batch, of the first record's bucket
     */
    public static BlobEventBatch fromS3(JsonNode root) {
        List<BlobEvent> events = new ArrayList<>();
        String bucket = null;
        for (JsonNode r : root.path("Records")) {
            if (!"aws:s3".equals(r.path("eventSource").asText(""))) {
                continue;
            }
            Optional<BlobEvent> e = event(r);
            if (e.isPresent()) {
                events.add(e.get());
                if (bucket == null) {
                    bucket = e.get().bucket();
                }
            }
        }
        if (bucket == null) {
            JsonNode first = root.path("Records").path(0);
            bucket = first.path("s3").path("bucket").path("name").asText("");
        }
        return new BlobEventBatch(bucket, events);
    }

    /**
     * One record as a portable event.
     *
     * @param record the record
     * @return the event, or empty for an event type that is not a creation or a removal
     */
    static Optional<BlobEvent> event(JsonNode record) {
        String name = record.path("eventName").asText("");
        if (name.startsWith("s3:")) {
            name = name.substring(3);
        }
        BlobEventType type;
        if (name.startsWith("ObjectCreated:")) {
            type = BlobEventType.CREATED;
        } else if (name.startsWith("ObjectRemoved:")) {
            type = BlobEventType.DELETED;
        } else {
            return Optional.empty();
        }
        JsonNode s3 = record.path("s3");
        JsonNode object = s3.path("object");
        String key = decodeKey(object.path("key").asText(""));
        long size = object.path("size").asLong(0);
        String etag = object.path("eTag").asText("");
        if (etag.isEmpty()) {
            etag = object.path("etag").asText("");
        }
        Optional<String> quoted = etag.isEmpty() ? Optional.empty()
                : Optional.of(etag.startsWith("\"") ? etag : "\"" + etag + "\"");
        return Optional.of(new BlobEvent(s3.path("bucket").path("name").asText(""), key,
                type == BlobEventType.DELETED ? 0 : size, quoted, type, time(record.path("eventTime").asText(""))));
    }

    /**
     * A key as S3 writes it in events: form-URL-encoded.
     *
     * @param raw the encoded key
     * @return the key
     */
    static String decodeKey(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw; // not percent-encoded after all
        }
    }

    /**
     * An event time.
     *
     * @param text ISO-8601 with or without a zone (UTC when absent)
     * @return the instant; now when absent or unreadable
     */
    static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return Instant.now();
            }
        }
    }
}

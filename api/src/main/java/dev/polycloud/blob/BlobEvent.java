package dev.polycloud.blob;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One object event of a bucket, as a {@code TriggerSource.bucket(..)} trigger delivers it to a function inside a
 * {@link dev.polycloud.function.BlobEventBatch}. Delivery is at least once: a handler may see the same event again
 * (make it idempotent, for example by writing results under a key derived from {@code key} and {@code etag}), and
 * events of different keys may arrive in any order.
 *
 * @param bucket the portable bucket name
 * @param key the object's key
 * @param size the object's size in bytes for {@link BlobEventType#CREATED}; 0 for {@link BlobEventType#DELETED}
 * @param etag the object's ETag (quoted, as {@link BlobInfo#etag()}) for {@link BlobEventType#CREATED}; usually
 *             empty for {@link BlobEventType#DELETED}
 * @param type what happened
 * @param time when it happened, as the provider recorded it
 */
public record BlobEvent(String bucket, String key, long size, Optional<String> etag, BlobEventType type,
                        Instant time) {

    /**
     * Checks the components.
     *
     * @param bucket see the record description
     * @param key see the record description
     * @param size see the record description
     * @param etag see the record description
     * @param type see the record description
     * @param time see the record description
     * @throws NullPointerException for a null bucket, key, type or time
     * @throws dev.polycloud.CloudException {@code INVALID_ARGUMENT} for a negative size
     */
    public BlobEvent {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        etag = etag == null ? Optional.empty() : etag;
        if (size < 0) {
            throw dev.polycloud.CloudException.invalidArgument("size must not be negative: " + size);
        }
    }

    /**
     * A {@link BlobEventType#CREATED} event.
     *
     * @param bucket the bucket name
     * @param key the key
     * @param size the size in bytes
     * @param etag the ETag
     * @param time when the object was written
     * @return the event
     */
    public static BlobEvent created(String bucket, String key, long size, String etag, Instant time) {
        return new BlobEvent(bucket, key, size, Optional.ofNullable(etag), BlobEventType.CREATED, time);
    }

    /**
     * A {@link BlobEventType#DELETED} event.
     *
     * @param bucket the bucket name
     * @param key the key
     * @param time when the object was deleted
     * @return the event
     */
    public static BlobEvent deleted(String bucket, String key, Instant time) {
        return new BlobEvent(bucket, key, 0, Optional.empty(), BlobEventType.DELETED, time);
    }
}

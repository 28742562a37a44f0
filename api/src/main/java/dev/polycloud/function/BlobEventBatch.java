package dev.polycloud.function;

import dev.polycloud.blob.BlobEvent;
import java.util.List;
import java.util.Objects;

/**
 * The event a bucket trigger ({@link TriggerSource#bucket(String)}) hands to a function: object events of one
 * bucket that passed the trigger's {@link dev.polycloud.blob.BlobEventFilter}, at most the trigger's batch size.
 * Declare {@code FunctionHandler<BlobEventBatch, ?>}; it arrives as JSON through {@link PayloadCodec} on every
 * provider (instants ISO-8601, an absent ETag as {@code null}).
 *
 * <p>Delivery is at least once: when the handler throws, the whole batch is delivered again (the provider's retry
 * policy decides how often), so the same event can arrive more than once. The handler's result is ignored.
 *
 * @param bucket the portable bucket name
 * @param events the events, in the order the provider observed them (not empty)
 */
public record BlobEventBatch(String bucket, List<BlobEvent> events) {

    /**
     * Copies the list.
     *
     * @param bucket see the record description
     * @param events see the record description
     * @throws NullPointerException for a null bucket, list or event
     */
    public BlobEventBatch {
        Objects.requireNonNull(bucket, "bucket");
        events = List.copyOf(events);
    }
}

package dev.polycloud.spi;

import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import java.util.List;
import java.util.Optional;

/**
 * A provider's functions service. The portable layer has validated names, sizes and declared
 * capabilities. Unknown functions or triggers are {@link dev.polycloud.ErrorCode#NOT_FOUND}; a
 * failed handler is a {@link dev.polycloud.function.FunctionFailedException}; a timeout is
 * {@link dev.polycloud.ErrorCode#DEADLINE_EXCEEDED}; concurrency beyond the reserved limit is
 * {@link dev.polycloud.ErrorCode#THROTTLED}.
 */
public interface FunctionDriver {

    /**
     * Creates or updates a function.
     *
     * @param spec the validated spec
     */
    void deploy(FunctionSpec spec);

    /**
     * Invokes synchronously.
     *
     * @param function the function name
     * @param payload the request payload
     * @return the response payload
     */
    byte[] invoke(String function, byte[] payload);

    /**
     * Invokes asynchronously: returns once the invocation is queued; failures are retried twice,
     * then sent to the function's on-failure queue if it has one.
     *
     * @param function the function name
     * @param payload the request payload
     * @return the request id
     */
    String invokeAsync(String function, byte[] payload);

    /**
     * Every deployed function.
     *
     * @return the specs
     */
    List<FunctionSpec> list();

    /**
     * One function.
     *
     * @param function the name
     * @return its spec, or empty
     */
    Optional<FunctionSpec> get(String function);

    /**
     * Deletes a function and its triggers.
     *
     * @param function the name
     */
    void delete(String function);

    /**
     * Binds a source to a function. The source must exist. A {@code SCHEDULE} source arrives named,
     * with its expression parsed and checked against the declared {@code ScheduleCapabilities}; the
     * driver translates it to its cloud's form and creates it ({@link dev.polycloud.ErrorCode#ALREADY_EXISTS}
     * when a schedule of that name exists), and lists it among the function's triggers.
     *
     * <p>A {@code BUCKET} source (only when the driver declares
     * {@link dev.polycloud.function.FunctionCapabilities#bucketEvents()}) names an existing bucket
     * ({@link dev.polycloud.ErrorCode#NOT_FOUND} otherwise) and carries a validated
     * {@link dev.polycloud.blob.BlobEventFilter}. From the moment {@code bind} returns, the driver must deliver every
     * object event of that bucket that passes the filter (its types, prefix and suffix; apply in the driver whatever
     * part of the filter the cloud's notification cannot) to the function as a JSON-encoded
     * {@link dev.polycloud.function.BlobEventBatch} ({@link dev.polycloud.function.PayloadCodec}) of at most
     * {@code batchSize} events of that bucket: {@code CREATED} for a put or copy target (size and ETag as
     * {@code head} would report them), {@code DELETED} for the deletion of an existing object (size 0). Delivery
     * is at least once: a failed invocation is delivered again by the cloud's own retry (or the driver's trigger
     * machinery), never silently dropped before its retries are exhausted; a failed conditional put is no event.
     * {@link #unbind(String)} stops delivery and removes whatever notification configuration {@code bind} created.
     *
     * @param function the function name
     * @param source the source
     * @param batchSize 1 to {@value Trigger#MAX_BATCH_SIZE}
     * @return the trigger
     */
    Trigger bind(String function, TriggerSource source, int batchSize);

    /**
     * Removes a trigger.
     *
     * @param triggerId the trigger id
     */
    void unbind(String triggerId);

    /**
     * The triggers of a function.
     *
     * @param function the name
     * @return its triggers
     */
    List<Trigger> triggers(String function);
}

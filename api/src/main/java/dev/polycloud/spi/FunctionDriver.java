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

package dev.polycloud.function;

import java.util.Objects;

/**
 * A binding of a source to a function.
 *
 * @param id the provider's id of the binding (use it to unbind)
 * @param function the function name
 * @param source what feeds it
 * @param batchSize the most messages or changes per invocation
 */
public record Trigger(String id, String function, TriggerSource source, int batchSize) {

    /** The largest batch size accepted. */
    public static final int MAX_BATCH_SIZE = 100;

    /**
     * Checks the components.
     *
     * @param id see the record description
     * @param function see the record description
     * @param source see the record description
     * @param batchSize see the record description
     */
    public Trigger {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(source, "source");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw dev.polycloud.CloudException.invalidArgument("batchSize must be from 1 to " + MAX_BATCH_SIZE
                    + " (found " + batchSize + ")");
        }
    }
}

package dev.polycloud.function;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;

/**
 * A handler's answer to a {@link MessageBatch} or {@link TableChangeBatch}: the ids of the items
 * it failed (partial batch failure, like SQS's {@code batchItemFailures}). Everything else
 * counts as done.
 *
 * @param failedIds message ids (or table change ids) that failed
 */
public record BatchResult(Set<String> failedIds) {

    /**
     * Copies the set.
     *
     * @param failedIds see the record description
     */
    public BatchResult {
        failedIds = failedIds == null ? Set.of() : Set.copyOf(failedIds);
    }

    /**
     * Everything succeeded.
     *
     * @return the result
     */
    public static BatchResult success() {
        return new BatchResult(Set.of());
    }

    /**
     * These items failed.
     *
     * @param ids the failed ids
     * @return the result
     */
    public static BatchResult failed(String... ids) {
        return new BatchResult(Set.copyOf(Arrays.asList(ids)));
    }

    /**
     * These items failed.
     *
     * @param ids the failed ids
     * @return the result
     */
    public static BatchResult failed(Collection<String> ids) {
        return new BatchResult(Set.copyOf(ids));
    }
}

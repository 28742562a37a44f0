package dev.polycloud.table;

import java.util.Objects;

/**
 * The condition under which a write or delete happens; when it does not hold, the call fails
 * and nothing is written.
 */
public sealed interface WriteCondition permits WriteCondition.Always, WriteCondition.MustNotExist,
        WriteCondition.MustExist, WriteCondition.IfVersion {

    /**
     * No condition: upsert, or delete whatever is there.
     *
     * @return the condition
     */
    static WriteCondition always() {
        return Always.INSTANCE;
    }

    /**
     * Only if no item has the key; otherwise {@link dev.polycloud.ErrorCode#ALREADY_EXISTS}.
     *
     * @return the condition
     */
    static WriteCondition mustNotExist() {
        return MustNotExist.INSTANCE;
    }

    /**
     * Only if an item has the key; otherwise {@link dev.polycloud.ErrorCode#NOT_FOUND}.
     *
     * @return the condition
     */
    static WriteCondition mustExist() {
        return MustExist.INSTANCE;
    }

    /**
     * Only if the stored item has this version; otherwise (changed or deleted since)
     * {@link dev.polycloud.ErrorCode#PRECONDITION_FAILED}.
     *
     * @param version a version read from the table
     * @return the condition
     */
    static WriteCondition ifVersion(String version) {
        return new IfVersion(version);
    }

    /** No condition. */
    record Always() implements WriteCondition {
        static final Always INSTANCE = new Always();
    }

    /** The key must be absent. */
    record MustNotExist() implements WriteCondition {
        static final MustNotExist INSTANCE = new MustNotExist();
    }

    /** The key must be present. */
    record MustExist() implements WriteCondition {
        static final MustExist INSTANCE = new MustExist();
    }

    /**
     * The stored version must equal {@code version}.
     *
     * @param version the expected version
     */
    record IfVersion(String version) implements WriteCondition {
        /**
         * Checks the component.
         *
         * @param version see the record description
         * @throws NullPointerException for null
         */
        public IfVersion {
            Objects.requireNonNull(version, "version");
        }
    }
}

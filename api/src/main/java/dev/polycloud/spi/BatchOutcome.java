package dev.polycloud.spi;

import dev.polycloud.CloudException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a driver's batch call did with each entry, in the order of the entries it was given: a
 * value for each entry that succeeded, a mapped {@link CloudException} for each that failed. A
 * driver reports a partial failure this way instead of retrying: the portable layer retries the
 * entries whose code is {@linkplain dev.polycloud.ErrorCode#retryable() retryable} (and only those),
 * with its one backoff and the configured attempts, and reports the others to the caller.
 *
 * <p>Immutable and thread-safe once built; a {@link Builder} is for one thread.
 *
 * @param <T> the value of a succeeded entry (a message id, an item found, or {@code Void})
 */
public final class BatchOutcome<T> {

    private final List<T> values;
    private final List<CloudException> failures;

    private BatchOutcome(List<T> values, List<CloudException> failures) {
        this.values = values;
        this.failures = failures;
    }

    /**
     * An outcome in which every entry succeeded.
     *
     * @param values the value of each entry, in order (elements may be null for {@code Void})
     * @param <T> the value type
     * @return the outcome
     * @throws NullPointerException when the list is null
     */
    public static <T> BatchOutcome<T> succeeded(List<T> values) {
        Objects.requireNonNull(values, "values");
        return new BatchOutcome<>(Collections.unmodifiableList(new ArrayList<>(values)),
                Collections.nCopies(values.size(), null));
    }

    /**
     * An outcome of {@code size} entries that all succeeded with no value (batch writes).
     *
     * @param size the number of entries
     * @return the outcome
     */
    public static BatchOutcome<Void> allDone(int size) {
        return new BatchOutcome<>(Collections.nCopies(size, null), Collections.nCopies(size, null));
    }

    /**
     * A builder for an outcome of {@code size} entries, each to be set exactly once.
     *
     * @param size the number of entries the driver was given
     * @param <T> the value type
     * @return the builder
     */
    public static <T> Builder<T> builder(int size) {
        return new Builder<>(size);
    }

    /**
     * The number of entries.
     *
     * @return the size, the same as the batch the driver was given
     */
    public int size() {
        return values.size();
    }

    /**
     * Whether entry {@code index} succeeded.
     *
     * @param index from 0
     * @return true when it succeeded
     */
    public boolean succeeded(int index) {
        return failures.get(index) == null;
    }

    /**
     * The value of entry {@code index}; null for a failed entry or a {@code Void} one.
     *
     * @param index from 0
     * @return the value
     */
    public T value(int index) {
        return values.get(index);
    }

    /**
     * The failure of entry {@code index}.
     *
     * @param index from 0
     * @return the failure, or empty when the entry succeeded
     */
    public Optional<CloudException> failure(int index) {
        return Optional.ofNullable(failures.get(index));
    }

    /**
     * Whether every entry succeeded.
     *
     * @return true when no entry failed
     */
    public boolean allSucceeded() {
        return failures.stream().allMatch(Objects::isNull);
    }

    @Override
    public String toString() {
        long failed = failures.stream().filter(Objects::nonNull).count();
        return "BatchOutcome[" + values.size() + " entries, " + failed + " failed]";
    }

    /**
     * Builds a {@link BatchOutcome} entry by entry. Not thread-safe.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {

        private final List<T> values;
        private final List<CloudException> failures;
        private final boolean[] set;

        private Builder(int size) {
            values = new ArrayList<>(Collections.nCopies(size, null));
            failures = new ArrayList<>(Collections.nCopies(size, null));
            set = new boolean[size];
        }

        /**
         * Records that entry {@code index} succeeded.
         *
         * @param index from 0
         * @param value its value (null for {@code Void})
         * @return this builder
         */
        public Builder<T> success(int index, T value) {
            mark(index);
            values.set(index, value);
            return this;
        }

        /**
         * Records that entry {@code index} failed.
         *
         * @param index from 0
         * @param failure the mapped failure; its code decides whether the portable layer retries the entry
         * @return this builder
         * @throws NullPointerException when the failure is null
         */
        public Builder<T> failure(int index, CloudException failure) {
            Objects.requireNonNull(failure, "failure");
            mark(index);
            failures.set(index, failure);
            return this;
        }

        private void mark(int index) {
            if (set[index]) {
                throw new IllegalStateException("Entry " + index + " of the batch outcome is already set");
            }
            set[index] = true;
        }

        /**
         * The outcome.
         *
         * @return the outcome
         * @throws IllegalStateException when an entry was not set
         */
        public BatchOutcome<T> build() {
            for (int i = 0; i < set.length; i++) {
                if (!set[i]) {
                    throw new IllegalStateException("Entry " + i + " of the batch outcome was not set");
                }
            }
            return new BatchOutcome<>(Collections.unmodifiableList(new ArrayList<>(values)),
                    Collections.unmodifiableList(new ArrayList<>(failures)));
        }
    }
}

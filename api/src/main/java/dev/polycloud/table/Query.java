package dev.polycloud.table;

import dev.polycloud.CloudException;
import java.util.Objects;
import java.util.Optional;

/**
 * A query of the items of one partition, in sort-key order.
 *
 * @param partition the partition key value
 * @param sortKey an optional condition on the sort key
 * @param descending true for descending sort-key order
 * @param limit the most items in the page, or empty for the provider's page size
 * @param cursor where to resume: the cursor of the previous page, or empty to start
 */
public record Query(Value partition, Optional<SortKeyCondition> sortKey, boolean descending,
                    Optional<Integer> limit, Optional<String> cursor) {

    /**
     * Checks the components.
     *
     * @param partition see the record description
     * @param sortKey see the record description
     * @param descending see the record description
     * @param limit see the record description
     * @param cursor see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a limit under 1
     */
    public Query {
        Objects.requireNonNull(partition, "partition");
        sortKey = sortKey == null ? Optional.empty() : sortKey;
        limit = limit == null ? Optional.empty() : limit;
        cursor = cursor == null ? Optional.empty() : cursor;
        if (limit.isPresent() && limit.get() < 1) {
            throw CloudException.invalidArgument("Query limit must be at least 1 (found " + limit.get() + ")");
        }
    }

    /**
     * Starts a query of one partition.
     *
     * @param partition a String or Long partition key value
     * @return a builder
     */
    public static Builder partition(Object partition) {
        return new Builder(Value.from(partition));
    }

    /**
     * The same query resuming at a cursor.
     *
     * @param next the cursor of the previous page
     * @return the new query
     */
    public Query withCursor(String next) {
        return new Query(partition, sortKey, descending, limit, Optional.of(next));
    }

    /** Builds a {@link Query}. */
    public static final class Builder {
        private final Value partition;
        private SortKeyCondition sortKey;
        private boolean descending;
        private Integer limit;
        private String cursor;

        private Builder(Value partition) {
            this.partition = partition;
        }

        /**
         * Adds a sort-key condition.
         *
         * @param condition the condition
         * @return this builder
         */
        public Builder sortKey(SortKeyCondition condition) {
            this.sortKey = condition;
            return this;
        }

        /**
         * Orders by descending sort key.
         *
         * @return this builder
         */
        public Builder descending() {
            this.descending = true;
            return this;
        }

        /**
         * Limits the page size.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder limit(int n) {
            this.limit = n;
            return this;
        }

        /**
         * Resumes at a cursor.
         *
         * @param value the cursor of the previous page
         * @return this builder
         */
        public Builder cursor(String value) {
            this.cursor = value;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         */
        public Query build() {
            return new Query(partition, Optional.ofNullable(sortKey), descending, Optional.ofNullable(limit),
                    Optional.ofNullable(cursor));
        }
    }
}

package dev.polycloud.blob;

import dev.polycloud.CloudException;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a listing: prefix, delimiter, page size and cursor. Immutable and thread-safe; build with
 * {@link #builder()}.
 *
 * @param prefix only keys starting with this ("" for all)
 * @param delimiter when present, keys with the delimiter after the prefix are rolled up into common prefixes
 * @param pageSize at most this many entries (objects plus prefixes) per page, 1 to {@value #MAX_PAGE_SIZE}
 * @param cursor the cursor of a previous page of the same bucket, prefix and delimiter
 */
public record ListOptions(String prefix, Optional<String> delimiter, int pageSize, Optional<String> cursor) {

    /** The largest page size (S3's and Azure's cap). */
    public static final int MAX_PAGE_SIZE = 1000;

    /**
     * Checks the values.
     *
     * @param prefix see the record description
     * @param delimiter see the record description
     * @param pageSize see the record description
     * @param cursor see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a page size out of range or an
     *                        empty delimiter
     */
    public ListOptions {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(delimiter, "delimiter");
        Objects.requireNonNull(cursor, "cursor");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw CloudException.invalidArgument("Page size must be 1.." + MAX_PAGE_SIZE + ": " + pageSize);
        }
        if (delimiter.isPresent() && delimiter.get().isEmpty()) {
            throw CloudException.invalidArgument("The delimiter must not be empty");
        }
    }

    /**
     * A new builder (prefix "", no delimiter, page size {@value #MAX_PAGE_SIZE}, first page).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ListOptions}. Not thread-safe. */
    public static final class Builder {
        private String prefix = "";
        private String delimiter;
        private int pageSize = MAX_PAGE_SIZE;
        private String cursor;

        private Builder() {
        }

        /**
         * Lists only keys with this prefix.
         *
         * @param value the prefix
         * @return this builder
         */
        public Builder prefix(String value) {
            this.prefix = Objects.requireNonNull(value, "prefix");
            return this;
        }

        /**
         * Rolls keys up into common prefixes at this delimiter (usually {@code "/"}).
         *
         * @param value the delimiter
         * @return this builder
         */
        public Builder delimiter(String value) {
            this.delimiter = Objects.requireNonNull(value, "delimiter");
            return this;
        }

        /**
         * Sets the page size.
         *
         * @param value 1 to {@value ListOptions#MAX_PAGE_SIZE}
         * @return this builder
         */
        public Builder pageSize(int value) {
            this.pageSize = value;
            return this;
        }

        /**
         * Continues from a cursor a previous page returned.
         *
         * @param value the cursor
         * @return this builder
         */
        public Builder cursor(String value) {
            this.cursor = Objects.requireNonNull(value, "cursor");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for values out of range
         */
        public ListOptions build() {
            return new ListOptions(prefix, Optional.ofNullable(delimiter), pageSize, Optional.ofNullable(cursor));
        }
    }
}

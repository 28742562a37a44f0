package dev.polycloud.blob;

import dev.polycloud.CloudException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Options of a get: a byte range and a read condition. Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param offset the first byte to read (0 for the start); an offset at or past the end reads nothing
 * @param length how many bytes to read at most, or empty for all to the end
 * @param ifMatch read only if the object has this ETag, else {@link dev.polycloud.ErrorCode#PRECONDITION_FAILED}
 */
public record GetOptions(long offset, OptionalLong length, Optional<String> ifMatch) {

    private static final GetOptions DEFAULTS = builder().build();

    /**
     * Checks the values.
     *
     * @param offset see the record description
     * @param length see the record description
     * @param ifMatch see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a negative offset or length
     */
    public GetOptions {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(ifMatch, "ifMatch");
        if (offset < 0 || (length.isPresent() && length.getAsLong() < 0)) {
            throw CloudException.invalidArgument("A range needs offset >= 0 and length >= 0 (found offset " + offset
                    + ", length " + length + ")");
        }
    }

    /**
     * The whole object without condition.
     *
     * @return the defaults
     */
    public static GetOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link GetOptions}. Not thread-safe. */
    public static final class Builder {
        private long offset;
        private Long length;
        private String ifMatch;

        private Builder() {
        }

        /**
         * Reads a range.
         *
         * @param offset the first byte, {@code >= 0}
         * @param length at most this many bytes, {@code >= 0}
         * @return this builder
         */
        public Builder range(long offset, long length) {
            this.offset = offset;
            this.length = length;
            return this;
        }

        /**
         * Reads from an offset to the end.
         *
         * @param offset the first byte, {@code >= 0}
         * @return this builder
         */
        public Builder from(long offset) {
            this.offset = offset;
            this.length = null;
            return this;
        }

        /**
         * Reads only if the object has this ETag.
         *
         * @param etag an ETag from {@link BlobInfo#etag()}
         * @return this builder
         */
        public Builder ifMatch(String etag) {
            this.ifMatch = Objects.requireNonNull(etag, "etag");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a negative offset or length
         */
        public GetOptions build() {
            return new GetOptions(offset, length == null ? OptionalLong.empty() : OptionalLong.of(length),
                    Optional.ofNullable(ifMatch));
        }
    }
}

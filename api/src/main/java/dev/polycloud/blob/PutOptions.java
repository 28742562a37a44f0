package dev.polycloud.blob;

import dev.polycloud.CloudException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a put: content type, cache control, user metadata and a write condition. Immutable and
 * thread-safe; build with {@link #builder()}.
 *
 * @param contentType the content type, or empty for the provider's default
 * @param cacheControl the cache-control header, or empty
 * @param metadata user metadata: keys of lowercase ASCII letters, digits and hyphens (the intersection of the
 *                 providers' header rules), values of printable ASCII; at most 2 KiB in all
 * @param ifMatch write only if the current object has this ETag, else
 *                {@link dev.polycloud.ErrorCode#PRECONDITION_FAILED}
 * @param ifNoneMatchAny write only if no object has the key (create-only), else PRECONDITION_FAILED
 */
public record PutOptions(Optional<String> contentType, Optional<String> cacheControl, Map<String, String> metadata,
                         Optional<String> ifMatch, boolean ifNoneMatchAny) {

    /** The largest total of user metadata keys and values, in bytes. */
    public static final int MAX_METADATA_BYTES = 2048;

    private static final PutOptions DEFAULTS = builder().build();

    /**
     * Checks and copies the values.
     *
     * @param contentType see the record description
     * @param cacheControl see the record description
     * @param metadata see the record description
     * @param ifMatch see the record description
     * @param ifNoneMatchAny see the record description
     * @throws NullPointerException for a null component
     */
    public PutOptions {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(cacheControl, "cacheControl");
        Objects.requireNonNull(ifMatch, "ifMatch");
        metadata = Map.copyOf(metadata);
    }

    /**
     * The defaults: no content type, cache control, metadata or condition.
     *
     * @return the defaults
     */
    public static PutOptions defaults() {
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

    /** Builds {@link PutOptions}. Not thread-safe. */
    public static final class Builder {
        private String contentType;
        private String cacheControl;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private String ifMatch;
        private boolean ifNoneMatchAny;

        private Builder() {
        }

        /**
         * Sets the content type.
         *
         * @param value for example {@code image/png}
         * @return this builder
         */
        public Builder contentType(String value) {
            this.contentType = Objects.requireNonNull(value, "contentType");
            return this;
        }

        /**
         * Sets the cache-control header.
         *
         * @param value for example {@code max-age=60}
         * @return this builder
         */
        public Builder cacheControl(String value) {
            this.cacheControl = Objects.requireNonNull(value, "cacheControl");
            return this;
        }

        /**
         * Adds one user metadata entry.
         *
         * @param key lowercase ASCII letters, digits and hyphens, 1 to 64 characters
         * @param value printable ASCII
         * @return this builder
         * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a key or value outside
         *                        the rule
         */
        public Builder metadata(String key, String value) {
            Objects.requireNonNull(key, "metadata key");
            Objects.requireNonNull(value, "metadata value");
            if (!key.matches("[a-z0-9](?:[a-z0-9-]{0,63})") || key.length() > 64) {
                throw CloudException.invalidArgument("Metadata key '" + key + "' must be 1 to 64 lowercase ASCII"
                        + " letters, digits and hyphens, starting with a letter or digit");
            }
            if (!value.matches("[\\x20-\\x7e]*")) {
                throw CloudException.invalidArgument("Metadata value of '" + key + "' must be printable ASCII");
            }
            metadata.put(key, value);
            return this;
        }

        /**
         * Writes only if the current object has this ETag.
         *
         * @param etag an ETag from {@link BlobInfo#etag()}
         * @return this builder
         */
        public Builder ifMatch(String etag) {
            this.ifMatch = Objects.requireNonNull(etag, "etag");
            return this;
        }

        /**
         * Writes only if no object has the key; the only value accepted is {@code "*"}.
         *
         * @param any {@code "*"}
         * @return this builder
         * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for another value
         */
        public Builder ifNoneMatch(String any) {
            Objects.requireNonNull(any, "ifNoneMatch");
            if (!"*".equals(any)) {
                throw CloudException.invalidArgument("ifNoneMatch on a put accepts only \"*\" (create only)");
            }
            this.ifNoneMatchAny = true;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when both conditions are set or
         *                        the metadata exceeds {@value #MAX_METADATA_BYTES} bytes
         */
        public PutOptions build() {
            if (ifMatch != null && ifNoneMatchAny) {
                throw CloudException.invalidArgument("ifMatch and ifNoneMatch(\"*\") cannot both be set");
            }
            int bytes = metadata.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
            if (bytes > MAX_METADATA_BYTES) {
                throw CloudException.invalidArgument("User metadata is " + bytes + " bytes, over the "
                        + MAX_METADATA_BYTES + " every provider accepts");
            }
            return new PutOptions(Optional.ofNullable(contentType), Optional.ofNullable(cacheControl), metadata,
                    Optional.ofNullable(ifMatch), ifNoneMatchAny);
        }
    }
}

package dev.polycloud.blob;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider knows about one stored object (the answer of a head, a put, or a listing entry).
 *
 * @param key the object's key
 * @param size its size in bytes
 * @param etag its entity tag as the provider reports it (opaque; compare only for equality, pass to
 *             {@link PutOptions.Builder#ifMatch(String)} or {@link GetOptions.Builder#ifMatch(String)})
 * @param lastModified when it was last written
 * @param contentType its content type, when known
 * @param cacheControl its cache-control header, when set
 * @param metadata its user metadata (empty in listings on providers that do not list metadata)
 */
public record BlobInfo(String key, long size, String etag, Instant lastModified, Optional<String> contentType,
                       Optional<String> cacheControl, Map<String, String> metadata) {

    /**
     * Checks and copies the values.
     *
     * @param key see the record description
     * @param size see the record description
     * @param etag see the record description
     * @param lastModified see the record description
     * @param contentType see the record description
     * @param cacheControl see the record description
     * @param metadata see the record description
     * @throws NullPointerException for a null component
     */
    public BlobInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(cacheControl, "cacheControl");
        metadata = Map.copyOf(metadata);
    }
}

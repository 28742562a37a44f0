package dev.polycloud.spi;

import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.GetOptions;
import dev.polycloud.blob.PutOptions;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The provider side of one bucket. The portable {@link dev.polycloud.blob.Bucket} has already validated every
 * argument (bucket name, key length, options, ranges, capabilities) before calling; a driver translates the call
 * to its vendor API and maps errors to {@link dev.polycloud.CloudException} codes, and nothing else.
 *
 * <p>Contract:
 * <ul>
 *   <li>No retries: the portable layer retries retryable codes ({@code THROTTLED}, {@code UNAVAILABLE},
 *       {@code DEADLINE_EXCEEDED}) where the call can be repeated.</li>
 *   <li>Streaming: {@link #put} reads its stream once, in chunks, and must not hold the whole object in memory;
 *       above {@link dev.polycloud.blob.BlobCapabilities#multipartThreshold()} it uploads in parts.
 *       {@link #get} returns a stream that reads from the provider as the caller reads.</li>
 *   <li>Errors: a missing bucket or object is {@code NOT_FOUND}; a failed write or read condition is
 *       {@code PRECONDITION_FAILED}.</li>
 * </ul>
 * Implementations must be thread-safe.
 */
public interface BlobDriver {

    /**
     * Creates the bucket.
     *
     * @return true if it was created, false if it existed
     */
    boolean create();

    /**
     * Deletes the bucket and every object in it.
     *
     * @return true if it existed
     */
    boolean delete();

    /**
     * Whether the bucket exists.
     *
     * @return true if it does
     */
    boolean exists();

    /**
     * Stores an object, replacing any object with the key (unless a condition of the options fails).
     *
     * @param key a validated key
     * @param content the content, read once to its end; the driver does not close it
     * @param length the content's length in bytes, or -1 when unknown
     * @param options content type, cache control, metadata and condition
     * @return what is stored
     */
    BlobInfo put(String key, InputStream content, long length, PutOptions options);

    /**
     * Opens an object for reading.
     *
     * @param key a validated key
     * @param options range and condition; a range past the end reads nothing
     * @return the object's info and its (ranged) content; the caller closes the stream
     */
    Download get(String key, GetOptions options);

    /**
     * Reads an object's info.
     *
     * @param key a validated key
     * @return the info, or empty when there is no such object (a missing bucket is NOT_FOUND)
     */
    Optional<BlobInfo> head(String key);

    /**
     * Deletes an object.
     *
     * @param key a validated key
     * @return true if it existed (providers that cannot tell return true)
     */
    boolean delete(String key);

    /**
     * Copies an object (server side) to a bucket of the same provider.
     *
     * @param key the source key
     * @param target the target bucket's driver, from the same {@link BlobDrivers}
     * @param targetKey the target key
     * @return what is stored at the target
     */
    BlobInfo copy(String key, BlobDriver target, String targetKey);

    /**
     * Lists one page.
     *
     * @param prefix keys starting with this
     * @param delimiter roll-up delimiter, or empty
     * @param pageSize at most this many entries (objects plus prefixes)
     * @param position a position this driver returned for the same listing, or empty for the first page
     * @return the page
     */
    Listing list(String prefix, Optional<String> delimiter, int pageSize, Optional<String> position);

    /**
     * Signs a URL for one object (no network call). Called only when the provider declares
     * {@link dev.polycloud.blob.BlobCapabilities#presign()}; the portable layer has checked the key and lifetime.
     *
     * @param key a validated key
     * @param access the HTTP method the URL allows
     * @param ttl the validated lifetime
     * @return the URL
     */
    default java.net.URI presign(String key, Access access, java.time.Duration ttl) {
        throw dev.polycloud.CloudException.unimplemented("this provider", "Presigned URLs");
    }

    /** What a presigned URL allows. */
    enum Access {
        /** Read the object with {@code GET}. */
        GET,
        /** Store the object with {@code PUT}. */
        PUT
    }

    /**
     * An opened object.
     *
     * @param info the object's info (size is the whole object's)
     * @param content the requested bytes
     */
    record Download(BlobInfo info, InputStream content) {
    }

    /**
     * One page of a driver listing.
     *
     * @param blobs objects, in key order
     * @param prefixes common prefixes, in order
     * @param next the driver's position of the next page, or empty on the last page
     */
    record Listing(List<BlobInfo> blobs, List<String> prefixes, Optional<String> next) {
    }
}

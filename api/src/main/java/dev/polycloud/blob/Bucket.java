package dev.polycloud.blob;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.internal.CursorEnvelope;
import dev.polycloud.internal.Retrier;
import dev.polycloud.spi.BlobDriver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A portable bucket of objects, from {@code Cloud.bucket(name)}. No network call until an operation is called.
 *
 * <pre>{@code
 * Bucket reports = cloud.bucket("reports");
 * reports.create();
 * reports.put("2026/12/summary.txt", "all good");
 * String text = reports.getString("2026/12/summary.txt");
 * reports.stream("2026/").forEach(info -> System.out.println(info.key()));
 * }</pre>
 *
 * <p>Every argument is checked here before any network call: keys are 1 to {@value #MAX_KEY_BYTES} UTF-8 bytes
 * (or the provider's smaller {@link BlobCapabilities#maxKeyBytes()}), well-formed Unicode without NUL; anything
 * else is {@link ErrorCode#INVALID_ARGUMENT}. Null arguments are {@link NullPointerException}. Calls that can be
 * repeated (everything except puts from a caller's {@link InputStream}) are retried on retryable codes. A
 * missing bucket or object is {@link ErrorCode#NOT_FOUND}; a failed condition {@link ErrorCode#PRECONDITION_FAILED};
 * a provider without object storage answers {@link ErrorCode#UNIMPLEMENTED}.
 *
 * <p>Thread-safe.
 */
public final class Bucket {

    /** The longest key every provider accepts, in UTF-8 bytes (S3's and GCS's limit; Azure allows more). */
    public static final int MAX_KEY_BYTES = 1024;

    /** The longest life of a presigned URL (SigV4's and GCS V4's limit). */
    public static final java.time.Duration MAX_PRESIGN_TTL = java.time.Duration.ofDays(7);
    /**
     * The header a client of a {@link #presignPut} URL sends so that the same PUT works on every provider: Azure's
     * Put Blob requires {@code x-ms-blob-type}, the other providers ignore it.
     */
    public static final String PRESIGNED_PUT_BLOB_TYPE_HEADER = "x-ms-blob-type";
    /** The value of {@link #PRESIGNED_PUT_BLOB_TYPE_HEADER}: a block blob, the only kind Polycloud writes. */
    public static final String PRESIGNED_PUT_BLOB_TYPE = "BlockBlob";

    private final String name;
    private final BlobDriver driver;
    private final BlobCapabilities capabilities;
    private final Retrier retrier;
    private final String resource;

    static {
        dev.polycloud.internal.Handles.buckets(Bucket::new);
    }

    /**
     * Made by {@code Cloud.bucket(name)} through {@link dev.polycloud.internal.Handles}; not for applications.
     *
     * @param name the validated bucket name
     * @param driver the driver, or null when the provider has no object storage
     * @param capabilities the provider's object-storage capabilities
     * @param retrier the cloud's retrier
     */
    Bucket(String name, BlobDriver driver, BlobCapabilities capabilities, Retrier retrier) {
        this.name = Objects.requireNonNull(name, "name");
        this.driver = driver;
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.retrier = Objects.requireNonNull(retrier, "retrier");
        this.resource = "bucket " + name;
    }

    /**
     * The bucket's portable name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The provider's object-storage capabilities.
     *
     * @return the capabilities
     */
    public BlobCapabilities capabilities() {
        return capabilities;
    }

    /**
     * Creates the bucket; idempotent.
     *
     * @return true if it was created, false if it existed
     */
    public boolean create() {
        return retrier.call(resource, "create", driver()::create);
    }

    /**
     * Deletes the bucket with all its objects; idempotent.
     *
     * @return true if it existed
     */
    public boolean delete() {
        return retrier.call(resource, "delete", driver()::delete);
    }

    /**
     * Whether the bucket exists.
     *
     * @return true if it does
     */
    public boolean exists() {
        return retrier.call(resource, "exists", driver()::exists);
    }

    /**
     * A health check of this bucket for probes (Kubernetes, Spring Boot Actuator): UP when it exists; DOWN when it
     * does not ({@code NOT_FOUND}), when the provider fails or refuses the call (the error code and message in
     * {@link dev.polycloud.Health.Check#detail()}), or when no answer came within five seconds. Never throws for an
     * unreachable provider; creates nothing. Thread-safe.
     *
     * @return the check
     */
    public dev.polycloud.Health.Check check() {
        return check(dev.polycloud.internal.HealthChecks.DEFAULT_TIMEOUT);
    }

    /**
     * A health check of this bucket within {@code timeout}, as {@link #check()}; the call returns after at most
     * about the timeout.
     *
     * @param timeout how long to wait; positive
     * @return the check
     * @throws dev.polycloud.CloudException {@code INVALID_ARGUMENT} for a timeout that is not positive
     * @throws NullPointerException when {@code timeout} is null
     */
    public dev.polycloud.Health.Check check(java.time.Duration timeout) {
        return dev.polycloud.internal.HealthChecks.check("bucket " + name, this::exists, timeout);
    }

    /**
     * Stores bytes under a key.
     *
     * @param key the key
     * @param content the content
     * @return what is stored
     */
    public BlobInfo put(String key, byte[] content) {
        return put(key, content, PutOptions.defaults());
    }

    /**
     * Stores bytes under a key with options (content type, metadata, condition).
     *
     * @param key the key
     * @param content the content
     * @param options the options
     * @return what is stored
     * @throws CloudException PRECONDITION_FAILED when a condition fails
     */
    public BlobInfo put(String key, byte[] content, PutOptions options) {
        checkKey(key);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(options, "options");
        BlobDriver d = driver();
        return retrier.call(resource, "put",
                () -> d.put(key, new ByteArrayInputStream(content), content.length, options));
    }

    /**
     * Stores a string, UTF-8 encoded.
     *
     * @param key the key
     * @param content the content
     * @return what is stored
     */
    public BlobInfo put(String key, String content) {
        Objects.requireNonNull(content, "content");
        return put(key, content.getBytes(StandardCharsets.UTF_8), PutOptions.defaults());
    }

    /**
     * Stores a file's content; large files are uploaded in parts with bounded memory.
     *
     * @param key the key
     * @param file a readable regular file
     * @param options the options
     * @return what is stored
     * @throws CloudException {@link ErrorCode#UNKNOWN} with the {@link UncheckedIOException} as cause when the
     *                        file cannot be read
     */
    public BlobInfo put(String key, Path file, PutOptions options) {
        checkKey(key);
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        BlobDriver d = driver();
        return retrier.call(resource, "put", () -> {
            try (InputStream in = Files.newInputStream(file)) {
                return d.put(key, in, Files.size(file), options);
            } catch (IOException e) {
                throw new UncheckedIOException("Reading " + file + " failed", e);
            }
        }, c -> c.retryable());
    }

    /**
     * Stores a stream's content, read once to its end in chunks (the length need not be known; memory stays
     * bounded by the provider's part size). Not retried, since the stream cannot be read twice; the caller
     * closes the stream.
     *
     * @param key the key
     * @param content the content
     * @param options the options
     * @return what is stored
     */
    public BlobInfo put(String key, InputStream content, PutOptions options) {
        checkKey(key);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(options, "options");
        BlobDriver d = driver();
        return retrier.call(resource, "put", () -> d.put(key, content, -1, options), c -> false);
    }

    /**
     * Reads a whole object into memory (for small objects; use {@link #open} for large ones).
     *
     * @param key the key
     * @return the content
     * @throws CloudException NOT_FOUND when there is no such object
     */
    public byte[] getBytes(String key) {
        return getBytes(key, GetOptions.defaults());
    }

    /**
     * Reads an object, or a range of it, into memory.
     *
     * @param key the key
     * @param options range and condition
     * @return the content
     * @throws CloudException NOT_FOUND, or PRECONDITION_FAILED when the condition fails
     */
    public byte[] getBytes(String key, GetOptions options) {
        checkKey(key);
        Objects.requireNonNull(options, "options");
        BlobDriver d = driver();
        return retrier.call(resource, "get", () -> {
            try (InputStream in = d.get(key, options).content()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new CloudException(ErrorCode.UNAVAILABLE, "Reading " + key + " failed: " + e, null, null, e);
            }
        });
    }

    /**
     * Reads a whole object as UTF-8 text.
     *
     * @param key the key
     * @return the text
     */
    public String getString(String key) {
        return new String(getBytes(key), StandardCharsets.UTF_8);
    }

    /**
     * Opens an object, or a range of it, for streaming reads (the content is never buffered whole). Opening is
     * retried; reads from the stream are not. The caller closes the stream.
     *
     * @param key the key
     * @param options range and condition
     * @return the stream
     * @throws CloudException NOT_FOUND, or PRECONDITION_FAILED when the condition fails
     */
    public InputStream open(String key, GetOptions options) {
        checkKey(key);
        Objects.requireNonNull(options, "options");
        BlobDriver d = driver();
        return retrier.call(resource, "get", () -> d.get(key, options)).content();
    }

    /**
     * Writes an object into a file, replacing it, streaming.
     *
     * @param key the key
     * @param file the target file
     * @return the object's info
     * @throws UncheckedIOException when the file cannot be written
     */
    public BlobInfo download(String key, Path file) {
        checkKey(key);
        Objects.requireNonNull(file, "file");
        BlobDriver d = driver();
        BlobDriver.Download download = retrier.call(resource, "get", () -> d.get(key, GetOptions.defaults()));
        try (InputStream in = download.content()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing " + file + " failed", e);
        }
        return download.info();
    }

    /**
     * Reads an object's info (size, ETag, content type, metadata).
     *
     * @param key the key
     * @return the info, or empty when there is no such object
     * @throws CloudException NOT_FOUND when the bucket does not exist
     */
    public Optional<BlobInfo> head(String key) {
        checkKey(key);
        BlobDriver d = driver();
        return retrier.call(resource, "head", () -> d.head(key));
    }

    /**
     * Deletes an object; idempotent.
     *
     * @param key the key
     * @return true if it existed (true on providers that cannot tell)
     */
    public boolean delete(String key) {
        checkKey(key);
        BlobDriver d = driver();
        return retrier.call(resource, "delete object", () -> d.delete(key));
    }

    /**
     * Copies an object, server side, within this bucket or to another bucket of the same cloud.
     *
     * @param key the source key
     * @param target the target bucket (of the same cloud)
     * @param targetKey the target key
     * @return what is stored at the target
     * @throws CloudException NOT_FOUND when the source or target bucket or the source object is missing
     */
    public BlobInfo copy(String key, Bucket target, String targetKey) {
        checkKey(key);
        Objects.requireNonNull(target, "target");
        target.checkKey(targetKey);
        BlobDriver d = driver();
        BlobDriver t = target.driver();
        return retrier.call(resource, "copy", () -> d.copy(key, t, targetKey));
    }

    /**
     * Lists one page of objects.
     *
     * @param options prefix, delimiter, page size and cursor
     * @return the page
     * @throws CloudException INVALID_ARGUMENT for a malformed cursor or one of another listing
     */
    public BlobPage list(ListOptions options) {
        Objects.requireNonNull(options, "options");
        if (!options.prefix().isEmpty()) {
            checkKey(options.prefix());
        }
        String fingerprint = CursorEnvelope.fingerprint("list|" + options.prefix() + "|"
                + options.delimiter().map(s -> "d:" + s).orElse("-"));
        Optional<String> position = options.cursor().map(c -> CursorEnvelope.unwrap(c, resource, fingerprint));
        BlobDriver d = driver();
        BlobDriver.Listing listing = retrier.call(resource, "list",
                () -> d.list(options.prefix(), options.delimiter(), options.pageSize(), position));
        return new BlobPage(listing.blobs(), listing.prefixes(),
                listing.next().map(p -> CursorEnvelope.wrap(resource, fingerprint, p)));
    }

    /**
     * A lazy stream of every object with a prefix (no delimiter), fetching pages as it is consumed.
     *
     * @param prefix the prefix ("" for all)
     * @return the stream
     */
    public Stream<BlobInfo> stream(String prefix) {
        return stream(ListOptions.builder().prefix(prefix).build());
    }

    /**
     * A lazy stream of the objects a listing returns across all its pages (common prefixes are not included).
     *
     * @param options the listing; its cursor, when set, is where the stream starts
     * @return the stream
     */
    public Stream<BlobInfo> stream(ListOptions options) {
        Objects.requireNonNull(options, "options");
        Iterator<BlobInfo> it = new Iterator<>() {
            private Iterator<BlobInfo> current = List.<BlobInfo>of().iterator();
            private Optional<String> cursor = options.cursor();
            private boolean started;

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (started && cursor.isEmpty()) {
                        return false;
                    }
                    started = true;
                    ListOptions.Builder b = ListOptions.builder().prefix(options.prefix()).pageSize(options.pageSize());
                    options.delimiter().ifPresent(b::delimiter);
                    cursor.ifPresent(b::cursor);
                    BlobPage page = list(b.build());
                    current = page.blobs().iterator();
                    cursor = page.cursor();
                }
                return true;
            }

            @Override
            public BlobInfo next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    private void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        int max = capabilities.supported() ? capabilities.maxKeyBytes() : MAX_KEY_BYTES;
        if (key.isEmpty()) {
            throw CloudException.invalidArgument("A blob key must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == 0) {
                throw CloudException.invalidArgument("A blob key must not contain NUL");
            }
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw CloudException.invalidArgument("A blob key must be well-formed Unicode (unpaired surrogate at "
                        + i + ")");
            }
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > max) {
            throw CloudException.invalidArgument("A blob key is at most " + max + " UTF-8 bytes on " + retrier.provider()
                    + " (found " + bytes + ")");
        }
    }

    /**
     * A URL that lets anyone holding it read the object with a plain HTTP {@code GET} until it expires, without
     * credentials (S3 presigned URL, Azure SAS, GCS V4 signed URL). No network call: the URL is signed locally and
     * the object need not exist yet.
     *
     * @param key the key
     * @param ttl how long the URL is valid, 1 second to {@link #MAX_PRESIGN_TTL}
     * @return the URL
     * @throws NullPointerException for a null argument
     * @throws CloudException INVALID_ARGUMENT for a bad key or lifetime; UNIMPLEMENTED when the provider declares
     *                        no presigned URLs ({@link BlobCapabilities#presign()}); UNAUTHENTICATED when the
     *                        configured credentials cannot sign
     */
    public java.net.URI presignGet(String key, java.time.Duration ttl) {
        return presign(key, BlobDriver.Access.GET, ttl);
    }

    /**
     * A URL that lets anyone holding it store the object with a plain HTTP {@code PUT} of the bytes until it
     * expires (see {@link #presignGet} for the limits and errors). The object takes the request's
     * {@code Content-Type}. Send {@link #PRESIGNED_PUT_BLOB_TYPE_HEADER}: {@link #PRESIGNED_PUT_BLOB_TYPE} with
     * the PUT: Azure refuses a PUT without it (400), the other providers ignore it.
     *
     * @param key the key
     * @param ttl how long the URL is valid, 1 second to {@link #MAX_PRESIGN_TTL}
     * @return the URL
     * @throws NullPointerException for a null argument
     * @throws CloudException as {@link #presignGet}
     */
    public java.net.URI presignPut(String key, java.time.Duration ttl) {
        return presign(key, BlobDriver.Access.PUT, ttl);
    }

    private java.net.URI presign(String key, BlobDriver.Access access, java.time.Duration ttl) {
        checkKey(key);
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(java.time.Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_PRESIGN_TTL) > 0) {
            throw CloudException.invalidArgument("A presigned URL lives 1 second to " + MAX_PRESIGN_TTL + ": " + ttl);
        }
        BlobDriver d = driver();
        if (!capabilities.presign()) {
            throw CloudException.unimplemented(retrier.provider(), "Presigned URLs");
        }
        return d.presign(key, access, ttl);
    }

    private BlobDriver driver() {
        if (driver == null || !capabilities.supported()) {
            throw CloudException.unimplemented(retrier.provider(), "Object storage (buckets)");
        }
        return driver;
    }

    @Override
    public String toString() {
        return "Bucket[" + name + "]";
    }
}

package dev.polycloud.gcp.storage;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.blob.BlobCapabilities;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.GetOptions;
import dev.polycloud.blob.PutOptions;
import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.spi.BlobDriver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Cloud Storage bucket driver over the client's {@link Storage} interface (the real client, or the
 * in-memory fake of {@code google-cloud-nio} in tests). Every put streams through a resumable {@link WriteChannel}:
 * an object of at most {@value #CHUNK_BYTES} bytes goes up in one chunk, a larger one (known length or not) in
 * {@value #CHUNK_BYTES}-byte chunks, so memory stays bounded. Content is read through a
 * {@link ReadChannel}. The portable ETag is the
 * object's generation (GCS conditions are generation-based), so {@code ifMatch(etag)} is
 * {@code ifGenerationMatch} and {@code ifNoneMatch("*")} is {@code doesNotExist}. No retries here (the client's
 * own retries are as the user configures the {@link Storage} object). Thread-safe.
 */
final class GcsBlobDriver implements BlobDriver {

    /** The chunk size of resumable uploads. */
    static final int CHUNK_BYTES = 8 * 1024 * 1024;
    /** Cloud Storage's object-storage capabilities: 1024-byte keys, resumable upload above 8 MiB, V4 signed URLs. */
    static final BlobCapabilities CAPABILITIES = new BlobCapabilities(true, 1024, CHUNK_BYTES, true);

    private final Supplier<Storage> storage;
    private final String bucket;

    GcsBlobDriver(Supplier<Storage> storage, String bucket) {
        this.storage = storage;
        this.bucket = bucket;
    }

    private <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (StorageException e) {
            if (dev.polycloud.internal.ParseFailures.isParseFailure(e)) {
                throw GcpErrors.map(e, operation, "bucket " + bucket); // INTERNAL, not retried
            }
            ErrorCode code = switch (e.getCode()) {
                case 400 -> ErrorCode.INVALID_ARGUMENT;
                case 401 -> ErrorCode.UNAUTHENTICATED;
                case 403 -> ErrorCode.PERMISSION_DENIED;
                case 404 -> ErrorCode.NOT_FOUND;
                case 409 -> ErrorCode.ALREADY_EXISTS;
                case 412 -> ErrorCode.PRECONDITION_FAILED;
                case 429 -> ErrorCode.THROTTLED;
                case 408, 504 -> ErrorCode.DEADLINE_EXCEEDED;
                default -> e.getCode() >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.UNKNOWN;
            };
            throw new CloudException(code, operation + " on bucket " + bucket + " failed: " + e.getMessage(),
                    GcpErrors.PROVIDER, "bucket " + bucket, e);
        }
    }

    private BlobInfo info(Blob b) {
        return new BlobInfo(b.getName(), b.getSize() == null ? 0 : b.getSize(), String.valueOf(b.getGeneration()),
                b.getUpdateTimeOffsetDateTime() == null ? Instant.EPOCH : b.getUpdateTimeOffsetDateTime().toInstant(),
                Optional.ofNullable(b.getContentType()), Optional.ofNullable(b.getCacheControl()),
                b.getMetadata() == null ? Map.of() : b.getMetadata());
    }

    private CloudException missing(String key) {
        return new CloudException(ErrorCode.NOT_FOUND, "Object '" + key + "' does not exist in bucket '" + bucket
                + "'");
    }

    private void requireBucket() {
        if (!exists()) {
            throw new CloudException(ErrorCode.NOT_FOUND, "Bucket '" + bucket + "' does not exist");
        }
    }

    @Override
    public boolean create() {
        return call("create", () -> {
            if (storage.get().get(bucket) != null) {
                return false;
            }
            try {
                storage.get().create(BucketInfo.of(bucket));
                return true;
            } catch (StorageException e) {
                if (e.getCode() == 409) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean delete() {
        return call("delete", () -> {
            if (storage.get().get(bucket) == null) {
                return false;
            }
            for (Blob b : storage.get().list(bucket).iterateAll()) {
                storage.get().delete(b.getBlobId());
            }
            return storage.get().delete(bucket);
        });
    }

    @Override
    public boolean exists() {
        return call("exists", () -> storage.get().get(bucket) != null);
    }

    @Override
    public BlobInfo put(String key, InputStream content, long length, PutOptions options) {
        return call("put", () -> {
            requireBucket();
            com.google.cloud.storage.BlobInfo.Builder b = com.google.cloud.storage.BlobInfo.newBuilder(
                    options.ifMatch().isPresent() ? BlobId.of(bucket, key, generation(options.ifMatch().get()))
                            : BlobId.of(bucket, key));
            options.contentType().ifPresent(b::setContentType);
            options.cacheControl().ifPresent(b::setCacheControl);
            if (!options.metadata().isEmpty()) {
                b.setMetadata(options.metadata());
            }
            com.google.cloud.storage.BlobInfo target = b.build();
            try {
                resumable(target, content, options);
            } catch (IOException e) {
                if (e.getCause() instanceof StorageException se) {
                    throw se;
                }
                throw new UncheckedIOException("Uploading '" + key + "' failed", e);
            }
            Blob stored = storage.get().get(BlobId.of(bucket, key));
            if (stored == null) {
                throw new CloudException(ErrorCode.UNAVAILABLE, "Object '" + key + "' vanished after the put");
            }
            return info(stored);
        });
    }

    /**
     * Uploads through a resumable session in {@value #CHUNK_BYTES}-byte chunks: memory holds the channel's chunk buffer
     * and one 64 KiB copy buffer, whatever the object's size.
     */
    private void resumable(com.google.cloud.storage.BlobInfo target, InputStream content, PutOptions options) throws IOException {
        List<Storage.BlobWriteOption> writeOptions = new ArrayList<>();
        if (options.ifNoneMatchAny()) {
            writeOptions.add(Storage.BlobWriteOption.doesNotExist());
        }
        if (options.ifMatch().isPresent()) {
            writeOptions.add(Storage.BlobWriteOption.generationMatch());
        }
        try (WriteChannel writer = storage.get().writer(target, writeOptions.toArray(Storage.BlobWriteOption[]::new))) {
            writer.setChunkSize(CHUNK_BYTES);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = content.read(buffer)) >= 0) {
                writeFully(writer, ByteBuffer.wrap(buffer, 0, n));
            }
        }
    }

    private static void writeFully(WriteChannel writer, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            writer.write(bytes);
        }
    }

    private static long generation(String etag) {
        try {
            return Long.parseLong(etag);
        } catch (NumberFormatException e) {
            // Not an ETag this provider made: it cannot match.
            return -1;
        }
    }

    @Override
    public Download get(String key, GetOptions options) {
        return call("get", () -> {
            Blob blob = storage.get().get(BlobId.of(bucket, key));
            if (blob == null) {
                requireBucket();
                throw missing(key);
            }
            BlobInfo info = info(blob);
            if (options.ifMatch().isPresent() && !options.ifMatch().get().equals(info.etag())) {
                throw new CloudException(ErrorCode.PRECONDITION_FAILED, "Object '" + key + "' has another ETag");
            }
            long from = Math.min(options.offset(), info.size());
            long count = Math.min(info.size() - from, options.length().orElse(Long.MAX_VALUE));
            if (count == 0) {
                return new Download(info, new ByteArrayInputStream(new byte[0]));
            }
            ReadChannel reader = storage.get().reader(BlobId.of(bucket, key, blob.getGeneration()));
            try {
                reader.seek(from);
                reader.limit(from + count);
            } catch (IOException e) {
                reader.close();
                throw new UncheckedIOException(e);
            }
            return new Download(info, Channels.newInputStream(reader));
        });
    }

    @Override
    public Optional<BlobInfo> head(String key) {
        return call("head", () -> {
            Blob blob = storage.get().get(BlobId.of(bucket, key));
            if (blob == null) {
                requireBucket();
                return Optional.empty();
            }
            return Optional.of(info(blob));
        });
    }

    @Override
    public boolean delete(String key) {
        return call("delete object", () -> {
            boolean deleted = storage.get().delete(BlobId.of(bucket, key));
            if (!deleted) {
                requireBucket();
            }
            return deleted;
        });
    }

    @Override
    public BlobInfo copy(String key, BlobDriver target, String targetKey) {
        if (!(target instanceof GcsBlobDriver other)) {
            throw CloudException.invalidArgument("The target bucket belongs to another provider");
        }
        return call("copy", () -> {
            Blob source = storage.get().get(BlobId.of(bucket, key));
            if (source == null) {
                requireBucket();
                throw missing(key);
            }
            other.requireBucket();
            // The target names the source's content type, cache control and metadata, so they are kept as they are.
            com.google.cloud.storage.BlobInfo.Builder copyTarget = com.google.cloud.storage.BlobInfo.newBuilder(
                    BlobId.of(other.bucket, targetKey));
            Optional.ofNullable(source.getContentType()).ifPresent(copyTarget::setContentType);
            Optional.ofNullable(source.getCacheControl()).ifPresent(copyTarget::setCacheControl);
            Optional.ofNullable(source.getMetadata()).ifPresent(copyTarget::setMetadata);
            Blob copied = storage.get().copy(Storage.CopyRequest.newBuilder().setSource(source.getBlobId())
                    .setTarget(copyTarget.build()).build()).getResult();
            return info(copied);
        });
    }

    @Override
    public Listing list(String prefix, Optional<String> delimiter, int pageSize, Optional<String> position) {
        return call("list", () -> {
            requireBucket();
            List<Storage.BlobListOption> opts = new ArrayList<>();
            if (!prefix.isEmpty()) {
                opts.add(Storage.BlobListOption.prefix(prefix));
            }
            delimiter.ifPresent(d -> opts.add(Storage.BlobListOption.delimiter(d)));
            opts.add(Storage.BlobListOption.pageSize(pageSize));
            position.ifPresent(p -> opts.add(Storage.BlobListOption.pageToken(p)));
            com.google.api.gax.paging.Page<Blob> page = storage.get().list(bucket,
                    opts.toArray(Storage.BlobListOption[]::new));
            List<BlobInfo> blobs = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            for (Blob b : page.getValues()) {
                if (b.isDirectory()) {
                    prefixes.add(b.getName());
                } else {
                    blobs.add(info(b));
                }
            }
            return new Listing(blobs, prefixes, Optional.ofNullable(page.getNextPageToken())
                    .filter(t -> !t.isEmpty()));
        });
    }

    /**
     * A V4 signed URL, signed locally by the client with its credentials (a service-account key, or the IAM
     * {@code signBlob} API for credentials that implement {@code ServiceAccountSigner} remotely). Credentials that
     * cannot sign (user credentials, none) are UNAUTHENTICATED.
     */
    @Override
    public java.net.URI presign(String key, Access access, java.time.Duration ttl) {
        try {
            java.net.URL url = storage.get().signUrl(com.google.cloud.storage.BlobInfo.newBuilder(bucket, key).build(),
                    ttl.toSeconds(), java.util.concurrent.TimeUnit.SECONDS, Storage.SignUrlOption.withV4Signature(),
                    Storage.SignUrlOption.httpMethod(access == Access.PUT ? com.google.cloud.storage.HttpMethod.PUT
                            : com.google.cloud.storage.HttpMethod.GET));
            return url.toURI();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CloudException(ErrorCode.UNAUTHENTICATED, "Signing a URL for '" + key + "' in bucket " + bucket
                    + " failed (the credentials must be able to sign, e.g. a service-account key): " + e.getMessage(),
                    GcpErrors.PROVIDER, "bucket " + bucket, e);
        } catch (java.net.URISyntaxException e) {
            throw new CloudException(ErrorCode.INTERNAL, "The signed URL is malformed: " + e.getMessage(),
                    GcpErrors.PROVIDER, "bucket " + bucket, e);
        }
    }

    @Override
    public String toString() {
        return "GcsBlobDriver[" + bucket + "]";
    }
}

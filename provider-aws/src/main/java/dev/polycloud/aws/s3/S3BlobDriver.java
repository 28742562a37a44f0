package dev.polycloud.aws.s3;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.blob.BlobCapabilities;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.GetOptions;
import dev.polycloud.blob.PutOptions;
import dev.polycloud.spi.BlobDriver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 bucket driver. Puts of known length up to {@link #CAPABILITIES}' threshold are one PutObject; longer or
 * unknown-length content is a multipart upload of {@value #PART_BYTES}-byte parts, holding one part in memory.
 * Errors are mapped by {@link AwsErrors}; no retries here. Thread-safe (the S3 client is).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class S3BlobDriver implements BlobDriver {

    /** The part size of multipart uploads (S3's minimum is 5 MiB). */
    static final int PART_BYTES = 8 * 1024 * 1024;
    /** S3's object-storage capabilities: 1024-byte keys, multipart above 8 MiB, presigned URLs. */
    public static final BlobCapabilities CAPABILITIES = new BlobCapabilities(true, 1024, PART_BYTES, true);

    private final AwsClients clients;
    private final String bucket;
    private final String resource;

    public S3BlobDriver(AwsClients clients, String bucket) {
        this.clients = clients;
        this.bucket = bucket;
        this.resource = "bucket " + bucket;
    }

    private S3Client s3() {
        return clients.s3();
    }

    @Override
    public boolean create() {
        return AwsErrors.call(resource, "CreateBucket", () -> {
            if (exists()) {
                // us-east-1 answers 200 to re-creating one's own bucket, so existence is checked first.
                return false;
            }
            try {
                String region = clients.settings().region();
                s3().createBucket(b -> {
                    b.bucket(bucket);
                    if (!Region.US_EAST_1.id().equals(region)) {
                        b.createBucketConfiguration(CreateBucketConfiguration.builder().locationConstraint(region)
                                .build());
                    }
                });
                return true;
            } catch (BucketAlreadyOwnedByYouException e) {
                return false;
            }
        });
    }

    @Override
    public boolean delete() {
        return AwsErrors.call(resource, "DeleteBucket", () -> {
            if (!exists()) {
                return false;
            }
            String token = null;
            do {
                String t = token;
                ListObjectsV2Response page = s3().listObjectsV2(b -> b.bucket(bucket).continuationToken(t));
                if (!page.contents().isEmpty()) {
                    List<ObjectIdentifier> ids = page.contents().stream()
                            .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
                    s3().deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
                }
                token = page.nextContinuationToken();
            } while (token != null);
            try {
                s3().deleteBucket(b -> b.bucket(bucket));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean exists() {
        return AwsErrors.call(resource, "HeadBucket", () -> {
            try {
                s3().headBucket(b -> b.bucket(bucket));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public BlobInfo put(String key, InputStream content, long length, PutOptions options) {
        return AwsErrors.call(resource, "PutObject", () -> {
            try {
                if (length >= 0 && length <= PART_BYTES) {
                    return putSingle(key, RequestBody.fromInputStream(content, length), options);
                }
                byte[] first = content.readNBytes(PART_BYTES);
                if (first.length < PART_BYTES) {
                    return putSingle(key, RequestBody.fromBytes(first), options);
                }
                return putMultipart(key, first, content, options);
            } catch (IOException e) {
                throw new UncheckedIOException("Reading the content of '" + key + "' failed", e);
            }
        });
    }

    private BlobInfo putSingle(String key, RequestBody body, PutOptions options) {
        s3().putObject(b -> {
            b.bucket(bucket).key(key).metadata(options.metadata());
            options.contentType().ifPresent(b::contentType);
            options.cacheControl().ifPresent(b::cacheControl);
            options.ifMatch().ifPresent(b::ifMatch);
            if (options.ifNoneMatchAny()) {
                b.ifNoneMatch("*");
            }
        }, body);
        return head(key).orElseThrow(() -> new CloudException(ErrorCode.UNAVAILABLE,
                "Object '" + key + "' vanished right after it was put"));
    }

    private BlobInfo putMultipart(String key, byte[] first, InputStream rest, PutOptions options) throws IOException {
        String uploadId = s3().createMultipartUpload(b -> {
            b.bucket(bucket).key(key).metadata(options.metadata());
            options.contentType().ifPresent(b::contentType);
            options.cacheControl().ifPresent(b::cacheControl);
        }).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] part = first;
            int number = 1;
            while (part.length > 0) {
                int n = number;
                byte[] bytes = part;
                String etag = s3().uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(n)
                        .contentLength((long) bytes.length), RequestBody.fromBytes(bytes)).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                number++;
                part = rest.readNBytes(PART_BYTES);
            }
            s3().completeMultipartUpload(b -> {
                b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build());
                options.ifMatch().ifPresent(b::ifMatch);
                if (options.ifNoneMatchAny()) {
                    b.ifNoneMatch("*");
                }
            });
        } catch (RuntimeException | IOException e) {
            try {
                s3().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
        return head(key).orElseThrow(() -> new CloudException(ErrorCode.UNAVAILABLE,
                "Object '" + key + "' vanished right after it was put"));
    }

    @Override
    public Download get(String key, GetOptions options) {
        return AwsErrors.call(resource, "GetObject", () -> {
            boolean empty = options.length().isPresent() && options.length().getAsLong() == 0;
            if (empty || options.offset() > 0) {
                BlobInfo info = head(key).orElseThrow(() -> new CloudException(ErrorCode.NOT_FOUND,
                        "Object '" + key + "' does not exist in bucket '" + bucket + "'"));
                if (options.ifMatch().isPresent() && !options.ifMatch().get().equals(info.etag())) {
                    throw new CloudException(ErrorCode.PRECONDITION_FAILED, "Object '" + key + "' has another ETag");
                }
                if (empty || options.offset() >= info.size()) {
                    return new Download(info, new ByteArrayInputStream(new byte[0]));
                }
            }
            String range = options.offset() == 0 && options.length().isEmpty() ? null
                    : "bytes=" + options.offset() + "-" + (options.length().isPresent()
                    ? String.valueOf(options.offset() + options.length().getAsLong() - 1) : "");
            var stream = s3().getObject(b -> {
                b.bucket(bucket).key(key).range(range);
                options.ifMatch().ifPresent(b::ifMatch);
            });
            GetObjectResponse r = stream.response();
            long size = r.contentRange() != null && r.contentRange().contains("/")
                    ? Long.parseLong(r.contentRange().substring(r.contentRange().lastIndexOf('/') + 1))
                    : r.contentLength();
            BlobInfo info = new BlobInfo(key, size, r.eTag(), Optional.ofNullable(r.lastModified()).orElse(Instant.EPOCH),
                    Optional.ofNullable(r.contentType()), Optional.ofNullable(r.cacheControl()), r.metadata());
            return new Download(info, stream);
        });
    }

    @Override
    public Optional<BlobInfo> head(String key) {
        return AwsErrors.call(resource, "HeadObject", () -> {
            try {
                HeadObjectResponse r = s3().headObject(b -> b.bucket(bucket).key(key));
                return Optional.of(new BlobInfo(key, r.contentLength(), r.eTag(),
                        Optional.ofNullable(r.lastModified()).orElse(Instant.EPOCH),
                        Optional.ofNullable(r.contentType()), Optional.ofNullable(r.cacheControl()), r.metadata()));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                if (!exists()) {
                    throw new CloudException(ErrorCode.NOT_FOUND, "Bucket '" + bucket + "' does not exist");
                }
                return Optional.empty();
            }
        });
    }

    @Override
    public boolean delete(String key) {
        return AwsErrors.call(resource, "DeleteObject", () -> {
            s3().deleteObject(b -> b.bucket(bucket).key(key));
            return true;
        });
    }

    @Override
    public BlobInfo copy(String key, BlobDriver target, String targetKey) {
        if (!(target instanceof S3BlobDriver other)) {
            throw CloudException.invalidArgument("The target bucket belongs to another provider");
        }
        return AwsErrors.call(resource, "CopyObject", () -> {
            s3().copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(other.bucket)
                    .destinationKey(targetKey));
            return other.head(targetKey).orElseThrow(() -> new CloudException(ErrorCode.UNAVAILABLE,
                    "Object '" + targetKey + "' vanished right after the copy"));
        });
    }

    @Override
    public Listing list(String prefix, Optional<String> delimiter, int pageSize, Optional<String> position) {
        return AwsErrors.call(resource, "ListObjectsV2", () -> {
            ListObjectsV2Response r = s3().listObjectsV2(b -> b.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix)
                    .delimiter(delimiter.orElse(null)).maxKeys(pageSize).continuationToken(position.orElse(null)));
            List<BlobInfo> blobs = r.contents().stream().map(o -> new BlobInfo(o.key(), o.size(), o.eTag(),
                    Optional.ofNullable(o.lastModified()).orElse(Instant.EPOCH), Optional.empty(), Optional.empty(),
                    java.util.Map.of())).toList();
            List<String> prefixes = r.commonPrefixes().stream().map(p -> p.prefix()).toList();
            return new Listing(blobs, prefixes, Boolean.TRUE.equals(r.isTruncated())
                    ? Optional.ofNullable(r.nextContinuationToken()) : Optional.empty());
        });
    }

    /**
     * A SigV4 presigned URL from the {@code S3Presigner} built like the S3 client (same region, credentials,
     * endpoint override and path style), signed locally. The URL signs the host and the method only: a PUT URL
     * accepts any content type, which S3 stores as sent. Temporary credentials (a session token) end the URL's
     * life when they expire, whatever the requested lifetime. Credentials that cannot be resolved are
     * UNAUTHENTICATED (mapped by {@link AwsErrors}).
     */
    @Override
    public java.net.URI presign(String key, Access access, java.time.Duration ttl) {
        return AwsErrors.call(resource, access == Access.PUT ? "PresignPutObject" : "PresignGetObject", () -> {
            java.net.URL url = access == Access.PUT
                    ? clients.s3Presigner().presignPutObject(r -> r.signatureDuration(ttl)
                            .putObjectRequest(p -> p.bucket(bucket).key(key))).url()
                    : clients.s3Presigner().presignGetObject(r -> r.signatureDuration(ttl)
                            .getObjectRequest(g -> g.bucket(bucket).key(key))).url();
            try {
                return url.toURI();
            } catch (java.net.URISyntaxException e) {
                throw new CloudException(ErrorCode.INTERNAL, "The presigned URL is malformed: " + e.getMessage(),
                        AwsErrors.PROVIDER, resource, e);
            }
        });
    }

    @Override
    public String toString() {
        return "S3BlobDriver[" + bucket + "]";
    }
}

package dev.polycloud.azure.blob;

import dev.polycloud.azure.internal.AzureErrors;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlobInputStream;
import com.azure.storage.blob.specialized.BlockBlobClient;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Azure Blob Storage driver of one container (a portable bucket name is a valid container name). Puts of
 * known length up to {@value #BLOCK_BYTES} bytes are one Put Blob; longer or unknown-length content is staged
 * in blocks of {@value #BLOCK_BYTES} bytes (one block in memory at a time) and committed as a block list, where
 * the write condition applies. Reads stream through a {@link BlobInputStream} pinned to the ETag of the first
 * chunk. Errors are mapped by {@link AzureErrors}; no retries here. Thread-safe (the Blob clients are).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AzureBlobDriver implements BlobDriver {

    /** The block size of staged uploads, also the threshold above which they are used. */
    public static final int BLOCK_BYTES = 8 * 1024 * 1024;
    /** Blob Storage's capabilities: 1024-character names, blocks above 8 MiB, presigned URLs (SAS). */
    public static final BlobCapabilities CAPABILITIES = new BlobCapabilities(true, 1024, BLOCK_BYTES, true);
    /** How long a user delegation key, fetched for signing SAS URLs with a token credential, is asked to live. */
    private static final Duration DELEGATION_KEY_LIFE = Duration.ofDays(7);
    /** How far back a SAS or delegation key starts, for clocks that run behind the service's. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** How often a server-side copy is polled until it completes. */
    private static final Duration COPY_POLL = Duration.ofMillis(200);

    private final Supplier<BlobServiceClient> service;
    private final String container;
    private final String resource;
    /** The user delegation key of this driver's SAS URLs when the client signs with a token credential. */
    private com.azure.storage.blob.models.UserDelegationKey delegationKey;

    public AzureBlobDriver(Supplier<BlobServiceClient> service, String container) {
        this.service = service;
        this.container = container;
        this.resource = "bucket " + container;
    }

    private BlobContainerClient containerClient() {
        return service.get().getBlobContainerClient(container);
    }

    private BlobClient blob(String key) {
        return containerClient().getBlobClient(key);
    }

    @Override
    public boolean create() {
        try {
            return containerClient().createIfNotExists();
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
    }

    @Override
    public boolean delete() {
        try {
            return containerClient().deleteIfExists();
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
    }

    @Override
    public boolean exists() {
        try {
            return containerClient().exists();
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
    }

    @Override
    public BlobInfo put(String key, InputStream content, long length, PutOptions options) {
        try {
            BlockBlobClient block = blob(key).getBlockBlobClient();
            BlobHttpHeaders headers = new BlobHttpHeaders();
            options.contentType().ifPresent(headers::setContentType);
            options.cacheControl().ifPresent(headers::setCacheControl);
            BlobRequestConditions conditions = conditions(options.ifMatch(), options.ifNoneMatchAny());
            Map<String, String> metadata = encodeMetadata(options.metadata());
            // At most one block is read into memory: the SDK needs a re-readable body, which a caller's stream
            // need not be. Known lengths up to the threshold and short unknown-length content are one Put Blob.
            byte[] first = content.readNBytes(length >= 0 && length <= BLOCK_BYTES ? (int) length : BLOCK_BYTES);
            if (length >= 0 && length <= BLOCK_BYTES || first.length < BLOCK_BYTES) {
                block.uploadWithResponse(new BlockBlobSimpleUploadOptions(new ByteArrayInputStream(first),
                        first.length).setHeaders(headers).setMetadata(metadata).setRequestConditions(conditions),
                        null, Context.NONE);
            } else {
                putBlocks(block, first, content, headers, metadata, conditions);
            }
            return head(key).orElseThrow(() -> new CloudException(ErrorCode.UNAVAILABLE,
                    "Object '" + key + "' vanished right after it was put", AzureErrors.PROVIDER, resource, null));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the content of '" + key + "' failed", e);
        } catch (RuntimeException e) {
            if (options.ifNoneMatchAny() && AzureErrors.hasServiceCode(e, "BlobAlreadyExists")) {
                throw new CloudException(ErrorCode.PRECONDITION_FAILED, "Object '" + key + "' already exists in bucket '"
                        + container + "' (ifNoneMatch *)", AzureErrors.PROVIDER, resource, e);
            }
            throw AzureErrors.map(e, resource);
        }
    }

    /**
     * Stages the content in blocks (each read into one buffer, so memory stays at one block) and commits the
     * list with the headers, metadata and write condition. Uncommitted blocks of a failed upload are discarded
     * by the service (after a week at most) and never become visible.
     */
    private static void putBlocks(BlockBlobClient block, byte[] first, InputStream rest, BlobHttpHeaders headers,
                                  Map<String, String> metadata, BlobRequestConditions conditions) throws IOException {
        String upload = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        byte[] part = first;
        while (part.length > 0) {
            // Every id of a blob must have the same length: a fixed-width number after the upload's UUID.
            String id = Base64.getEncoder().encodeToString(String.format("%s-%06d", upload, ids.size())
                    .getBytes(StandardCharsets.US_ASCII));
            block.stageBlock(id, new ByteArrayInputStream(part), part.length);
            ids.add(id);
            part = rest.readNBytes(BLOCK_BYTES);
        }
        block.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids).setHeaders(headers)
                .setMetadata(metadata).setRequestConditions(conditions), null, Context.NONE);
    }

    /**
     * Portable metadata keys (lowercase letters, digits, hyphens) as Blob Storage names, which must be C#
     * identifiers: a hyphen becomes an underscore (which portable keys never contain) and a leading digit gets an
     * underscore in front (portable keys never start with a hyphen, so that is the only leading underscore).
     *
     * @param metadata portable metadata
     * @return the names Blob Storage accepts
     */
    static Map<String, String> encodeMetadata(Map<String, String> metadata) {
        Map<String, String> encoded = new java.util.LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            String name = k.replace('-', '_');
            encoded.put(!name.isEmpty() && Character.isDigit(name.charAt(0)) ? "_" + name : name, v);
        });
        return encoded;
    }

    /**
     * The inverse of {@link #encodeMetadata}.
     *
     * @param metadata metadata as Blob Storage returns it, or null
     * @return portable metadata
     */
    static Map<String, String> decodeMetadata(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, String> decoded = new java.util.LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            String name = k.length() > 1 && k.charAt(0) == '_' && Character.isDigit(k.charAt(1)) ? k.substring(1) : k;
            decoded.put(name.replace('_', '-'), v);
        });
        return decoded;
    }

    private static BlobRequestConditions conditions(Optional<String> ifMatch, boolean ifNoneMatchAny) {
        BlobRequestConditions conditions = new BlobRequestConditions();
        ifMatch.ifPresent(conditions::setIfMatch);
        if (ifNoneMatchAny) {
            conditions.setIfNoneMatch("*");
        }
        return conditions;
    }

    @Override
    public Download get(String key, GetOptions options) {
        try {
            boolean ranged = options.offset() > 0 || options.length().isPresent();
            if (ranged) {
                // A range starting at or past the end is an error for the service; the contract reads nothing.
                BlobInfo info = head(key).orElseThrow(() -> new CloudException(ErrorCode.NOT_FOUND,
                        "Object '" + key + "' does not exist in bucket '" + container + "'", AzureErrors.PROVIDER,
                        resource, null));
                if (options.ifMatch().isPresent() && !options.ifMatch().get().equals(info.etag())) {
                    throw new CloudException(ErrorCode.PRECONDITION_FAILED, "Object '" + key + "' has another ETag",
                            AzureErrors.PROVIDER, resource, null);
                }
                boolean empty = options.length().isPresent() && options.length().getAsLong() == 0;
                if (empty || options.offset() >= info.size()) {
                    return new Download(info, new ByteArrayInputStream(new byte[0]));
                }
            }
            BlobInputStreamOptions open = new BlobInputStreamOptions()
                    .setRequestConditions(conditions(options.ifMatch(), false));
            if (ranged) {
                open.setRange(options.length().isPresent()
                        ? new BlobRange(options.offset(), options.length().getAsLong())
                        : new BlobRange(options.offset()));
            }
            BlobInputStream stream = blob(key).openInputStream(open);
            BlobInfo info = info(key, stream.getProperties());
            return new Download(info, new MappedStream(stream, resource));
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
    }

    @Override
    public Optional<BlobInfo> head(String key) {
        try {
            return Optional.of(info(key, blob(key).getProperties()));
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) != 404) {
                throw AzureErrors.map(e, resource);
            }
            if (!exists()) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Bucket '" + container + "' does not exist",
                        AzureErrors.PROVIDER, resource, e);
            }
            return Optional.empty();
        }
    }

    private static BlobInfo info(String key, BlobProperties p) {
        return new BlobInfo(key, p.getBlobSize(), p.getETag(), instant(p.getLastModified()),
                Optional.ofNullable(p.getContentType()), Optional.ofNullable(p.getCacheControl()),
                decodeMetadata(p.getMetadata()));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? Instant.EPOCH : time.toInstant();
    }

    @Override
    public boolean delete(String key) {
        try {
            return blob(key).deleteIfExists();
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
    }

    @Override
    public BlobInfo copy(String key, BlobDriver target, String targetKey) {
        if (!(target instanceof AzureBlobDriver other)) {
            throw CloudException.invalidArgument("The target bucket belongs to another provider");
        }
        try {
            // Within one account the service authorises the source with the request's own credentials.
            other.blob(targetKey).beginCopy(blob(key).getBlobUrl(), COPY_POLL).waitForCompletion();
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
        return other.head(targetKey).orElseThrow(() -> new CloudException(ErrorCode.UNAVAILABLE,
                "Object '" + targetKey + "' vanished right after the copy", AzureErrors.PROVIDER, other.resource, null));
    }

    @Override
    public Listing list(String prefix, Optional<String> delimiter, int pageSize, Optional<String> position) {
        try {
            ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(pageSize);
            if (!prefix.isEmpty()) {
                options.setPrefix(prefix);
            }
            BlobContainerClient client = containerClient();
            Iterator<PagedResponse<BlobItem>> pages = (delimiter.isPresent()
                    ? client.listBlobsByHierarchy(delimiter.get(), options, null)
                    : client.listBlobs(options, null)).iterableByPage(position.orElse(null), pageSize).iterator();
            if (!pages.hasNext()) {
                return new Listing(List.of(), List.of(), Optional.empty());
            }
            PagedResponse<BlobItem> page = pages.next();
            List<BlobInfo> blobs = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            for (BlobItem item : page.getValue()) {
                if (Boolean.TRUE.equals(item.isPrefix())) {
                    prefixes.add(item.getName());
                } else {
                    BlobItemProperties p = item.getProperties();
                    blobs.add(new BlobInfo(item.getName(), p.getContentLength() == null ? 0 : p.getContentLength(),
                            p.getETag(), instant(p.getLastModified()), Optional.empty(), Optional.empty(), Map.of()));
                }
            }
            String next = page.getContinuationToken();
            return new Listing(blobs, prefixes, next == null || next.isEmpty() ? Optional.empty() : Optional.of(next));
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
    }

    /**
     * A service SAS URL for one blob: read permission for {@link Access#GET}, create and write for
     * {@link Access#PUT}, HTTPS or HTTP as the endpoint is, starting five minutes ago
     * (clock skew) and expiring after {@code ttl}. With a shared-key credential (a connection string with an
     * {@code AccountKey}) it is signed locally with the account key. Otherwise (a token credential, e.g.
     * {@code DefaultAzureCredential}) it is a user delegation SAS, signed with a user delegation key that this
     * driver fetches from the service once (one network call, valid 7 days, fetched again when a URL would outlive
     * it); the identity needs the {@code generateUserDelegationKey} permission (e.g. the Storage Blob Delegator
     * role), else PERMISSION_DENIED. A client with neither (a SAS connection string) cannot sign:
     * PERMISSION_DENIED or UNAUTHENTICATED from the service, with a message saying what is needed.
     *
     * <p>Blob Storage's Put Blob requires the header {@code x-ms-blob-type: BlockBlob}: a client of a PUT URL must
     * send it (other providers ignore it, so portable clients always send it).
     */
    @Override
    public java.net.URI presign(String key, Access access, Duration ttl) {
        BlobServiceClient svc = service.get();
        BlobClient blob = svc.getBlobContainerClient(container).getBlobClient(key);
        OffsetDateTime now = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        OffsetDateTime expiry = now.plus(ttl);
        com.azure.storage.blob.sas.BlobSasPermission permission = access == Access.PUT
                ? new com.azure.storage.blob.sas.BlobSasPermission().setCreatePermission(true).setWritePermission(true)
                : new com.azure.storage.blob.sas.BlobSasPermission().setReadPermission(true);
        com.azure.storage.blob.sas.BlobServiceSasSignatureValues values =
                new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(expiry, permission)
                        .setStartTime(now.minus(CLOCK_SKEW));
        String sas;
        try {
            if (com.azure.storage.common.StorageSharedKeyCredential.getSharedKeyCredentialFromPipeline(
                    svc.getHttpPipeline()) != null) {
                sas = blob.generateSas(values);
            } else {
                sas = blob.generateUserDelegationSas(values, delegationKey(svc, now, expiry));
            }
        } catch (CloudException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
        return java.net.URI.create(blob.getBlobUrl() + "?" + sas);
    }

    /** The cached user delegation key if it outlives {@code until}, else a new one from the service. */
    private synchronized com.azure.storage.blob.models.UserDelegationKey delegationKey(BlobServiceClient svc,
            OffsetDateTime now, OffsetDateTime until) {
        if (delegationKey == null || delegationKey.getSignedExpiry().isBefore(until)) {
            try {
                delegationKey = svc.getUserDelegationKey(now.minus(CLOCK_SKEW), now.plus(DELEGATION_KEY_LIFE));
            } catch (RuntimeException e) {
                CloudException mapped = AzureErrors.map(e, resource);
                throw new CloudException(mapped.code(), "Signing a SAS URL needs the account key (a connection"
                        + " string with AccountKey) or a token credential allowed to get a user delegation key"
                        + " (Storage Blob Delegator role): " + mapped.getMessage(), AzureErrors.PROVIDER, resource, e);
            }
        }
        return delegationKey;
    }

    @Override
    public String toString() {
        return "AzureBlobDriver[" + container + "]";
    }

    /** The download stream: Blob SDK failures while reading surface as mapped {@link CloudException}s. */
    private static final class MappedStream extends InputStream {
        private final InputStream in;
        private final String resource;

        MappedStream(InputStream in, String resource) {
            this.in = in;
            this.resource = resource;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (RuntimeException e) {
                throw AzureErrors.map(e, resource);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (RuntimeException e) {
                throw AzureErrors.map(e, resource);
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

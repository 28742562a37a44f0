package dev.polycloud.local;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.blob.BlobCapabilities;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.GetOptions;
import dev.polycloud.blob.PutOptions;
import dev.polycloud.spi.BlobDriver;
import dev.polycloud.spi.BlobDrivers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * In-memory object storage of the local provider: buckets of objects kept as byte arrays, keys ordered by UTF-8
 * byte order (code-point order), as S3 and GCS list them. Thread-safe: each object is replaced atomically, and
 * conditional puts are checked and applied atomically per bucket.
 */
final class LocalBlobs implements BlobDrivers {

    /** The local object-storage capabilities: the portable key limit, no presigned URLs or events yet. */
    static final BlobCapabilities CAPABILITIES = new BlobCapabilities(true, 1024, 8L * 1024 * 1024, false, false);

    /** Key order: UTF-8 byte order, which is code-point order. */
    static final Comparator<String> KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private record Stored(BlobInfo info, byte[] content) {
    }

    private final Map<String, NavigableMap<String, Stored>> buckets = new ConcurrentHashMap<>();
    private final Clock clock;

    LocalBlobs(Clock clock) {
        this.clock = clock;
    }

    @Override
    public BlobCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public BlobDriver bucket(String name) {
        return new Driver(name);
    }

    private final class Driver implements BlobDriver {
        private final String name;

        Driver(String name) {
            this.name = name;
        }

        private NavigableMap<String, Stored> objects() {
            NavigableMap<String, Stored> objects = buckets.get(name);
            if (objects == null) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Bucket '" + name + "' does not exist");
            }
            return objects;
        }

        @Override
        public boolean create() {
            return buckets.putIfAbsent(name, new ConcurrentSkipListMap<>(KEY_ORDER)) == null;
        }

        @Override
        public boolean delete() {
            return buckets.remove(name) != null;
        }

        @Override
        public boolean exists() {
            return buckets.containsKey(name);
        }

        @Override
        public BlobInfo put(String key, InputStream content, long length, PutOptions options) {
            NavigableMap<String, Stored> objects = objects();
            byte[] bytes;
            try {
                bytes = content.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Reading the content of '" + key + "' failed", e);
            }
            BlobInfo info = new BlobInfo(key, bytes.length, etag(bytes), clock.instant(), options.contentType(),
                    options.cacheControl(), options.metadata());
            synchronized (objects) {
                Stored current = objects.get(key);
                if (options.ifNoneMatchAny() && current != null) {
                    throw new CloudException(ErrorCode.PRECONDITION_FAILED, "Object '" + key + "' exists");
                }
                if (options.ifMatch().isPresent()
                        && (current == null || !current.info().etag().equals(options.ifMatch().get()))) {
                    throw new CloudException(current == null ? ErrorCode.NOT_FOUND : ErrorCode.PRECONDITION_FAILED,
                            "Object '" + key + "' " + (current == null ? "does not exist" : "has another ETag"));
                }
                objects.put(key, new Stored(info, bytes));
            }
            return info;
        }

        @Override
        public Download get(String key, GetOptions options) {
            Stored stored = objects().get(key);
            if (stored == null) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Object '" + key + "' does not exist in bucket '"
                        + name + "'");
            }
            if (options.ifMatch().isPresent() && !stored.info().etag().equals(options.ifMatch().get())) {
                throw new CloudException(ErrorCode.PRECONDITION_FAILED, "Object '" + key + "' has another ETag");
            }
            int size = stored.content().length;
            int from = (int) Math.min(options.offset(), size);
            long wanted = options.length().orElse(Long.MAX_VALUE);
            int to = (int) Math.min(size, from + Math.min(wanted, size));
            return new Download(stored.info(), new ByteArrayInputStream(stored.content(), from, to - from));
        }

        @Override
        public Optional<BlobInfo> head(String key) {
            return Optional.ofNullable(objects().get(key)).map(Stored::info);
        }

        @Override
        public boolean delete(String key) {
            return objects().remove(key) != null;
        }

        @Override
        public BlobInfo copy(String key, BlobDriver target, String targetKey) {
            if (!(target instanceof Driver other)) {
                throw CloudException.invalidArgument("The target bucket belongs to another provider");
            }
            Stored source = objects().get(key);
            if (source == null) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Object '" + key + "' does not exist in bucket '"
                        + name + "'");
            }
            NavigableMap<String, Stored> targetObjects = other.objects();
            BlobInfo info = new BlobInfo(targetKey, source.info().size(), source.info().etag(), clock.instant(),
                    source.info().contentType(), source.info().cacheControl(), source.info().metadata());
            targetObjects.put(targetKey, new Stored(info, source.content()));
            return info;
        }

        @Override
        public Listing list(String prefix, Optional<String> delimiter, int pageSize, Optional<String> position) {
            NavigableMap<String, Stored> objects = objects();
            List<BlobInfo> blobs = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            String last = position.orElse(null);
            while (true) {
                Map.Entry<String, Stored> e = last == null ? objects.ceilingEntry(prefix) : objects.higherEntry(last);
                if (e == null || !e.getKey().startsWith(prefix)) {
                    return new Listing(blobs, prefixes, Optional.empty());
                }
                if (blobs.size() + prefixes.size() == pageSize) {
                    return new Listing(blobs, prefixes, Optional.of(last));
                }
                String key = e.getKey();
                int at = delimiter.isPresent() ? key.indexOf(delimiter.get(), prefix.length()) : -1;
                if (at >= 0) {
                    String common = key.substring(0, at + delimiter.get().length());
                    prefixes.add(common);
                    last = lastUnder(objects, common);
                } else {
                    blobs.add(e.getValue().info());
                    last = key;
                }
            }
        }

        private String lastUnder(NavigableMap<String, Stored> objects, String common) {
            String last = common;
            for (String k : objects.tailMap(common, true).keySet()) {
                if (!k.startsWith(common)) {
                    break;
                }
                last = k;
            }
            return last;
        }
    }

    private static String etag(byte[] bytes) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }
}

package dev.polycloud.local.blob;

import dev.polycloud.local.internal.LocalSettings;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.blob.BlobCapabilities;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.GetOptions;
import dev.polycloud.blob.PutOptions;
import dev.polycloud.spi.BlobDriver;
import dev.polycloud.spi.BlobDrivers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * In-memory object storage of the local provider: buckets of objects kept as byte arrays, keys ordered by UTF-8
 * byte order (code-point order), as S3 and GCS list them. Thread-safe: each object is replaced atomically, and
 * conditional puts are checked and applied atomically per bucket.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalBlobs implements BlobDrivers {

    /** The local object-storage capabilities: the portable key limit, no presigned URLs yet. */
    static final BlobCapabilities CAPABILITIES = new BlobCapabilities(true, 1024, 8L * 1024 * 1024, false);

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

    /** One stored object: its info and its content, in memory or in a file (then {@code content} is null). */
    private record Stored(BlobInfo info, byte[] content, Path file) {

        InputStream open(long from, long count) throws IOException {
            if (content != null) {
                return new ByteArrayInputStream(content, (int) from, (int) count);
            }
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(from);
            return new BoundedInputStream(in, count);
        }
    }

    /** Reads at most a given number of bytes of a stream. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    private final Map<String, NavigableMap<String, Stored>> buckets = new ConcurrentHashMap<>();
    /** Object-event listeners per bucket name (bucket triggers); called synchronously, so they must only enqueue. */
    private final Map<String, List<Consumer<BlobEvent>>> listeners = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Optional<Path> dir;

    public LocalBlobs(Clock clock, Optional<Path> dir) {
        this.clock = clock;
        this.dir = dir;
        dir.ifPresent(d -> {
            try {
                Files.createDirectories(d);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + LocalSettings.BLOB_DIR + " " + d, e);
            }
        });
    }

    /**
     * Listens to a bucket's object events from now on: {@code CREATED} after a put or a copy into it,
     * {@code DELETED} after the deletion of an existing object, in the order they happen per key. The listener is
     * called on the writer's thread, inside the write's critical section: it must only hand the event on.
     *
     * @param bucket the bucket name
     * @param listener the listener
     */
    public void addListener(String bucket, Consumer<BlobEvent> listener) {
        listeners.computeIfAbsent(bucket, b -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /**
     * Stops a listener.
     *
     * @param bucket the bucket name
     * @param listener the listener given to {@link #addListener}
     */
    public void removeListener(String bucket, Consumer<BlobEvent> listener) {
        List<Consumer<BlobEvent>> list = listeners.get(bucket);
        if (list != null) {
            list.remove(listener);
        }
    }

    /**
     * Whether a bucket exists.
     *
     * @param bucket the bucket name
     * @return whether it exists
     */
    public boolean exists(String bucket) {
        return buckets.containsKey(bucket);
    }

    /** Deletes every bucket and object (listeners stay: they belong to bound triggers). */
    public void clear() {
        buckets.keySet().forEach(b -> new Driver(b).delete());
    }

    private void emit(BlobEvent event) {
        List<Consumer<BlobEvent>> list = listeners.get(event.bucket());
        if (list != null) {
            for (Consumer<BlobEvent> l : list) {
                l.accept(event);
            }
        }
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
            NavigableMap<String, Stored> removed = buckets.remove(name);
            if (removed != null) {
                removed.values().forEach(s -> discard(s.file()));
            }
            return removed != null;
        }

        @Override
        public boolean exists() {
            return buckets.containsKey(name);
        }

        @Override
        public BlobInfo put(String key, InputStream content, long length, PutOptions options) {
            NavigableMap<String, Stored> objects = objects();
            byte[] bytes = null;
            Path file = null;
            long size;
            MessageDigest md5 = md5();
            try (DigestInputStream in = new DigestInputStream(content, md5) {
                @Override
                public void close() {
                    // The caller closes its stream.
                }
            }) {
                if (dir.isPresent()) {
                    file = Files.createTempFile(dir.get(), "blob", ".bin");
                    size = Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    bytes = in.readAllBytes();
                    size = bytes.length;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Reading the content of '" + key + "' failed", e);
            }
            BlobInfo info = new BlobInfo(key, size, "\"" + HexFormat.of().formatHex(md5.digest()) + "\"",
                    clock.instant(), options.contentType(), options.cacheControl(), options.metadata());
            synchronized (objects) {
                Stored current = objects.get(key);
                if (options.ifNoneMatchAny() && current != null) {
                    discard(file);
                    throw new CloudException(ErrorCode.PRECONDITION_FAILED, "Object '" + key + "' exists");
                }
                if (options.ifMatch().isPresent()
                        && (current == null || !current.info().etag().equals(options.ifMatch().get()))) {
                    discard(file);
                    throw new CloudException(current == null ? ErrorCode.NOT_FOUND : ErrorCode.PRECONDITION_FAILED,
                            "Object '" + key + "' " + (current == null ? "does not exist" : "has another ETag"));
                }
                Stored previous = objects.put(key, new Stored(info, bytes, file));
                if (previous != null) {
                    discard(previous.file());
                }
                emit(BlobEvent.created(name, key, size, info.etag(), info.lastModified()));
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
            long size = stored.info().size();
            long from = Math.min(options.offset(), size);
            long count = Math.min(size - from, options.length().orElse(Long.MAX_VALUE));
            try {
                return new Download(stored.info(), stored.open(from, count));
            } catch (IOException e) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Object '" + key + "' was removed while opening it",
                        null, null, e);
            }
        }

        @Override
        public Optional<BlobInfo> head(String key) {
            return Optional.ofNullable(objects().get(key)).map(Stored::info);
        }

        @Override
        public boolean delete(String key) {
            NavigableMap<String, Stored> objects = objects();
            Stored removed;
            synchronized (objects) {
                removed = objects.remove(key);
                if (removed != null) {
                    emit(BlobEvent.deleted(name, key, clock.instant()));
                }
            }
            if (removed != null) {
                discard(removed.file());
            }
            return removed != null;
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
            Path copied = null;
            if (source.file() != null) {
                try {
                    copied = Files.createTempFile(dir.orElseThrow(), "blob", ".bin");
                    Files.copy(source.file(), copied, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new CloudException(ErrorCode.NOT_FOUND, "Object '" + key + "' was removed while copying",
                            null, null, e);
                }
            }
            Stored previous;
            synchronized (targetObjects) {
                previous = targetObjects.put(targetKey, new Stored(info, source.content(), copied));
                emit(BlobEvent.created(other.name, targetKey, info.size(), info.etag(), info.lastModified()));
            }
            if (previous != null) {
                discard(previous.file());
            }
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

    private static void discard(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A reader may hold it open on some systems; it is a temporary file either way.
            }
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }
}

package dev.polycloud.local;

import dev.polycloud.local.blob.LocalBlobs;
import dev.polycloud.local.internal.LocalSettings;
import dev.polycloud.local.messaging.LocalTopic;
import dev.polycloud.local.messaging.MessageStore;
import dev.polycloud.local.tables.LocalTable;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory state behind one local {@link dev.polycloud.Cloud}: its queues, topics, tables and
 * buckets. Reach it with {@code cloud.unwrap(LocalBackend.class)}, for example to
 * {@link #reset()} between tests. Thread-safe.
 */
public final class LocalBackend {

    private static final Map<String, LocalBackend> SHARED = new ConcurrentHashMap<>();

    private final Clock clock;
    private final LocalSettings settings;
    private final Map<String, MessageStore> queues = new ConcurrentHashMap<>();
    private final Map<String, LocalTopic> topics = new ConcurrentHashMap<>();
    private final Map<String, LocalTable> tables = new ConcurrentHashMap<>();
    private LocalBlobs blobs;

    public LocalBackend(Clock clock, LocalSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * The backend shared by every cloud opened with the same {@code polycloud.local.instance}
     * name in this JVM; the first one to open it sets its clock and limits.
     */
    public static LocalBackend shared(String instance, Clock clock, LocalSettings settings) {
        return SHARED.computeIfAbsent(instance, n -> new LocalBackend(clock, settings));
    }

    /**
     * The clock that drives visibility, delays and deduplication windows.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Deletes every queue, topic, table and bucket.
     */
    public void reset() {
        queues.values().forEach(MessageStore::markDeleted);
        queues.clear();
        topics.values().forEach(LocalTopic::markDeleted);
        topics.clear();
        tables.clear();
        LocalBlobs current;
        synchronized (this) {
            current = blobs;
        }
        if (current != null) {
            current.clear();
        }
    }

    /**
     * The buckets, created on first use: every cloud sharing this backend shares them, and the first one to ask
     * sets where contents are kept.
     *
     * @param dir the {@code polycloud.local.blob.dir} directory, or empty to keep contents in memory
     * @return the buckets
     */
    public synchronized LocalBlobs blobs(java.util.Optional<java.nio.file.Path> dir) {
        if (blobs == null) {
            blobs = new LocalBlobs(clock, dir);
        }
        return blobs;
    }

    public LocalSettings settings() {
        return settings;
    }

    public Map<String, MessageStore> queues() {
        return queues;
    }

    public Map<String, LocalTopic> topics() {
        return topics;
    }

    public Map<String, LocalTable> tables() {
        return tables;
    }

    public MessageStore queue(String name) {
        MessageStore store = queues.get(name);
        if (store == null) {
            throw notFound("queue", name);
        }
        return store;
    }

    public LocalTopic topic(String name) {
        LocalTopic topic = topics.get(name);
        if (topic == null) {
            throw notFound("topic", name);
        }
        return topic;
    }

    public LocalTable table(String name) {
        LocalTable table = tables.get(name);
        if (table == null) {
            throw notFound("table", name);
        }
        return table;
    }

    public static CloudException notFound(String kind, String name) {
        return new CloudException(ErrorCode.NOT_FOUND, kind + " '" + name + "' does not exist", LocalCloudProvider.ID,
                kind + " " + name, null);
    }
}

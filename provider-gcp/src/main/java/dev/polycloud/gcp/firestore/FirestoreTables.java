package dev.polycloud.gcp.firestore;

import dev.polycloud.gcp.internal.GcpHooks;
import dev.polycloud.gcp.internal.GcpSettings;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.polycloud.spi.TableDriver;
import dev.polycloud.spi.TableDrivers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out the Firestore table drivers of one {@code Cloud} and owns its Firestore client,
 * created on first use (never at {@code Polycloud.open()}) and closed with the cloud.
 */
public final class FirestoreTables implements TableDrivers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirestoreTables.class);

    private final GcpSettings settings;
    private final Map<String, FirestoreTableDriver> drivers = new ConcurrentHashMap<>();
    private volatile Firestore firestore;
    private volatile boolean closed;

    /**
     * Prepares the drivers; nothing connects until first used.
     *
     * @param settings the provider settings
     */
    public FirestoreTables(GcpSettings settings) {
        this(settings, GcpHooks.none());
    }

    public FirestoreTables(GcpSettings settings, GcpHooks hooks) {
        this.settings = settings;
        this.hooks = hooks;
    }

    private final GcpHooks hooks;

    @Override
    public TableDriver table(String name) {
        return drivers.computeIfAbsent(name, n -> new FirestoreTableDriver(this::firestore, n, settings.timeout()));
    }

    /**
     * The Firestore client (also the native client for {@code Cloud.unwrap}).
     *
     * @return the client
     */
    public Firestore firestore() {
        Firestore f = firestore;
        if (f == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("The Firestore client is closed");
                }
                f = firestore;
                if (f == null) {
                    FirestoreOptions.Builder b = FirestoreOptions.newBuilder().setProjectId(settings.project())
                            .setDatabaseId(settings.firestoreDatabase());
                    settings.firestoreEmulatorHost().ifPresent(b::setEmulatorHost);
                    f = hooks.firestore(b, settings.firestoreEmulatorHost().isPresent()).build().getService();
                    firestore = f;
                }
            }
        }
        return f;
    }

    /** How long {@link #close()} waits for a graceful shutdown before it cancels what is still running. */
    static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(5);

    /**
     * Closes the client if it was created. Idempotent. Waits at most {@link #CLOSE_WAIT} for calls in flight
     * (a channel to a server that never answers would otherwise hold {@code Firestore.close()} for minutes), then
     * shuts the client down at once ({@code shutdownNow}), cancelling what is left.
     */
    @Override
    public synchronized void close() {
        closed = true;
        Firestore f = firestore;
        firestore = null;
        if (f == null) {
            return;
        }
        Thread closer = new Thread(() -> {
            try {
                f.close();
            } catch (Exception e) {
                LOG.warn("Closing the Firestore client failed", e);
            }
        }, "polycloud-firestore-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.debug("The Firestore client did not close within {}; shutting it down now", CLOSE_WAIT);
            try {
                f.shutdownNow();
            } catch (RuntimeException e) {
                LOG.warn("Shutting the Firestore client down failed", e);
            }
        }
    }
}

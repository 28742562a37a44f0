package dev.polycloud.gcp.internal;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Google client created on first use (never at {@code Polycloud.open()}) and closed with the
 * driver that holds it. Closing is idempotent; using it after closing fails.
 *
 * @param <T> the client type
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LazyClient<T extends AutoCloseable> implements Supplier<T>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LazyClient.class);

    private final String what;
    private final Supplier<T> factory;
    private T client;
    private boolean closed;

    /**
     * Prepares the client.
     *
     * @param what the service, for messages (for example {@code "Cloud Functions"})
     * @param factory creates the client
     */
    public LazyClient(String what, Supplier<T> factory) {
        this.what = what;
        this.factory = factory;
    }

    @Override
    public synchronized T get() {
        if (closed) {
            throw new IllegalStateException("The " + what + " client is closed");
        }
        if (client == null) {
            client = factory.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.warn("Closing the {} client failed", what, e);
            }
            client = null;
        }
    }
}

package dev.polycloud.listen;

import dev.polycloud.CloudException;
import java.time.Duration;
import java.util.Optional;

/**
 * A running managed consumer of a queue or subscription, started by
 * {@link dev.polycloud.message.MessageReceiver#listen(MessageHandler, ListenerOptions)} (or
 * {@code listenBatch}). It receives with long polls on its poller threads, hands each message (or
 * batch) to the handler on up to {@link ListenerOptions#concurrency()} threads, keeps at most
 * {@link ListenerOptions#maxInFlight()} messages and about {@link ListenerOptions#maxInFlightBytes()}
 * bytes in flight, extends leases while messages wait or run (up to
 * {@link ListenerOptions#maxProcessingTime()}), acks what succeeded (in batches) and nacks what failed.
 *
 * <p>Dead-lettering works as it does for a hand-written loop, natively or by the portable layer:
 * a message that keeps failing is moved after the queue's {@code maxDeliveries}, and meanwhile it
 * does not stop other messages from being handled.
 *
 * <p>Stopping is graceful: {@link #stop(Duration)} stops receiving, nacks (releases) every message
 * not yet handed to a handler, lets running handlers finish within the grace period and acks what
 * completed. After a clean stop nothing is lost and no message whose handler completed is
 * delivered again. A handler still running when the grace period ends is interrupted (on the
 * listener's own threads): if it then throws, its message is nacked; if it keeps running, its
 * lease is no longer extended and the provider redelivers the message when the lease ends.
 *
 * <p>Receive failures that the portable layer's retries could not overcome are reported to the
 * {@link ListenerErrorHandler} and retried with a backoff; a failure that retrying cannot fix
 * ({@code NOT_FOUND}, {@code PERMISSION_DENIED}, {@code UNAUTHENTICATED}, {@code INVALID_ARGUMENT},
 * {@code UNIMPLEMENTED}) stops the listener, and {@link #failure()} returns it.
 *
 * <p>All methods are thread-safe.
 */
public interface Listener extends AutoCloseable {

    /** The grace period {@link #close()} gives running handlers. */
    Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    /**
     * Stops gracefully and waits for the listener to terminate: at most {@code grace} for running
     * handlers, plus up to {@link ListenerOptions#pollWait()} for a receive in progress. Calling it
     * again, or after the listener failed, waits for the same termination.
     *
     * @param grace how long running handlers may take to finish
     * @return true when every handler that had started finished within the grace period
     */
    boolean stop(Duration grace);

    /**
     * Waits until the listener has terminated (after {@link #stop(Duration)} or a failure).
     *
     * @param timeout the longest wait
     * @return true when it has terminated, false when the timeout elapsed first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * Whether the listener is receiving: started and neither stopping nor failed.
     *
     * @return true while it runs
     */
    boolean isRunning();

    /**
     * The failure that stopped the listener, if one did.
     *
     * @return the failure, or empty
     */
    Optional<CloudException> failure();

    /**
     * The listener's counters.
     *
     * @return a snapshot
     */
    ListenerStats stats();

    /** Stops with the {@link #DEFAULT_GRACE default grace period}; see {@link #stop(Duration)}. */
    @Override
    default void close() {
        stop(DEFAULT_GRACE);
    }
}

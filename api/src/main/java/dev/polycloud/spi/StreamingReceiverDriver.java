package dev.polycloud.spi;

import dev.polycloud.CloudException;
import dev.polycloud.message.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An optional addition to a {@link ReceiverDriver} whose cloud pushes messages over a long-lived
 * stream (Pub/Sub StreamingPull, a Service Bus processor): the managed listener opens a stream
 * instead of polling {@link #receive}. Only receiving changes; the listener keeps its own handler
 * dispatch, and settles every pushed message with the driver's ordinary {@link #ack}, {@link #nack}
 * and {@link #extendLease}, so portable dead-lettering, statistics and instrumentation work as for
 * polling. A driver that does not implement this interface, or whose {@link #streaming()} is false,
 * is polled.
 *
 * <h2>Messages</h2>
 * A pushed message is exactly what {@link #receive} would have returned for it: a
 * {@link ReceivedMessage} with its delivery count and a receipt valid for ack, nack and
 * extendLease, leased for {@link StreamSettings#lease()} from the moment the driver received it.
 * Messages the driver drops itself (a filter the cloud does not apply) are settled by the driver and
 * never pushed.
 *
 * <h2>Flow control</h2>
 * The driver passes {@link StreamSettings#maxOutstandingMessages()} and
 * {@link StreamSettings#maxOutstandingBytes()} to the cloud where it can, and pushes nothing while
 * {@link ReceiveStream#pause() paused} beyond what is already on its way (a cloud may have sent a
 * response before the pause reached it). The listener does not rely on either: it holds back, with
 * their leases extended, messages that arrive while it is full.
 *
 * <h2>Threads</h2>
 * {@link StreamObserver#onMessages} is called on a thread of the driver's client, never twice at
 * once for one stream (and one stream may read several native streams, for example a subscription
 * and its parking subscription); it must not block. {@link ReceiveStream} methods may be called from
 * any thread, also from inside {@code onMessages}.
 *
 * <h2>Closing</h2>
 * After {@link ReceiveStream#close()} is called, no {@code onMessages} call begins, and one in
 * progress has returned when {@code close} returns. Messages that reach the driver after that (the
 * cloud had sent them before it learnt of the close) are nacked by the driver itself, until the
 * native stream has completely ended, so that no message stays leased to a stream nobody reads. The
 * future {@code close} returns completes when the native stream has ended and those nacks are done
 * (a failed nack is logged: the message comes back when its lease ends). Messages pushed before the
 * close belong to the listener, which settles or releases them.
 *
 * <h2>Errors and retries</h2>
 * The driver does not retry. A stream that ends by itself (an error, or the cloud completing it) is
 * reported once with {@link StreamObserver#onEnd}, with the error mapped to a
 * {@link CloudException}; the listener then reopens it after the portable backoff when the error is
 * retryable, and stops with the failure when it is not, as it does for polling. {@code openStream}
 * itself may throw a mapped {@link CloudException} (for example {@code NOT_FOUND}).
 */
public interface StreamingReceiverDriver extends ReceiverDriver {

    /**
     * Whether listeners should stream from this receiver now; when false they poll. Cheap and
     * without network calls (typically a configuration switch).
     *
     * @return true to stream
     */
    boolean streaming();

    /**
     * Opens a stream and starts pushing messages to {@code observer}.
     *
     * @param settings the lease and flow-control limits
     * @param observer what receives the messages and the end of the stream
     * @return the open stream
     * @throws CloudException mapped, when the stream cannot be opened (no retry)
     * @throws NullPointerException for a null argument
     */
    ReceiveStream openStream(StreamSettings settings, StreamObserver observer);

    /**
     * What a stream is opened with.
     *
     * @param lease the lease of each pushed message from its arrival (the listener's lease)
     * @param maxOutstandingMessages the most messages pushed and not settled that the cloud should allow
     * @param maxOutstandingBytes the most body bytes pushed and not settled that the cloud should allow
     */
    record StreamSettings(Duration lease, int maxOutstandingMessages, long maxOutstandingBytes) {

        /**
         * Checks the components.
         *
         * @param lease see the record description
         * @param maxOutstandingMessages see the record description
         * @param maxOutstandingBytes see the record description
         * @throws NullPointerException for a null lease
         * @throws IllegalArgumentException for a lease or limit that is not positive
         */
        public StreamSettings {
            Objects.requireNonNull(lease, "lease");
            if (lease.isNegative() || lease.isZero() || maxOutstandingMessages < 1 || maxOutstandingBytes < 1) {
                throw new IllegalArgumentException("The lease and limits must be positive");
            }
        }
    }

    /** Receives what a stream pushes. Implementations are called as the interface documentation says. */
    interface StreamObserver {

        /**
         * Messages that arrived, each leased to the listener; never empty. Must not block.
         *
         * @param messages the messages, in arrival order
         */
        void onMessages(List<ReceivedMessage> messages);

        /**
         * The stream ended without a {@link ReceiveStream#close()}; called at most once, and never
         * after close was called.
         *
         * @param error the mapped error, or empty when the cloud completed the stream normally
         */
        void onEnd(Optional<CloudException> error);
    }

    /** An open stream. Thread-safe. */
    interface ReceiveStream {

        /** Asks the cloud for no more messages until {@link #resume()}; idempotent. */
        void pause();

        /** Asks the cloud for messages again after {@link #pause()}; idempotent. */
        void resume();

        /**
         * Stops asking for messages and ends the stream, nacking what arrives until it has ended;
         * idempotent (later calls return the same future).
         *
         * @return completes when the native stream has ended and the late arrivals are nacked; never
         *         exceptionally
         */
        CompletableFuture<Void> close();
    }
}

package dev.polycloud.message;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a queue or subscription ({@link MessageReceiver#async()}): receive, ack
 * and nack returning {@link CompletableFuture}s. The portable layer's code is shared with the
 * blocking calls: the same argument checks, error codes, retries and dead-lettering. Retries wait
 * on a scheduled delay, never on a blocked thread.
 *
 * <p>Errors: a {@code null} argument throws {@link NullPointerException} at once; every other
 * failure, a bad argument included, completes the future exceptionally with a
 * {@link dev.polycloud.CloudException} (unwrap a {@link java.util.concurrent.CompletionException}
 * to reach it when joining).
 *
 * <p>Whether the calls are truly non-blocking depends on the driver: providers backed by an
 * asynchronous vendor client override the driver's asynchronous methods; the others run the
 * blocking call on a shared pool ({@link dev.polycloud.spi.BlockingAsync}). Thread-safe.
 */
public class AsyncReceiver {

    private final MessageReceiver receiver;

    /**
     * For {@link MessageReceiver#async()} and its subclasses.
     *
     * @param receiver the queue or subscription
     */
    protected AsyncReceiver(MessageReceiver receiver) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * Receives up to {@code maxMessages}, waiting up to {@code waitTime} for the first.
     *
     * @param maxMessages 1 to {@value ReceiveOptions#MAX_MESSAGES}
     * @param waitTime 0 to {@value ReceiveOptions#MAX_WAIT_SECONDS} seconds
     * @return the messages, possibly none
     */
    public CompletableFuture<List<ReceivedMessage>> receive(int maxMessages, Duration waitTime) {
        ReceiveOptions options;
        try {
            options = ReceiveOptions.of(maxMessages, waitTime);
        } catch (dev.polycloud.CloudException e) {
            return CompletableFuture.failedFuture(e);
        }
        return receive(options);
    }

    /**
     * Receives as the options say (see {@link MessageReceiver#receive(ReceiveOptions)}).
     *
     * @param options how many, how long to wait, and the lease
     * @return the messages, possibly none
     */
    public CompletableFuture<List<ReceivedMessage>> receive(ReceiveOptions options) {
        return receiver.receiveAsync(Objects.requireNonNull(options, "options"));
    }

    /**
     * Acks a received message (idempotent).
     *
     * @param message the received message
     * @return completed when acked
     */
    public CompletableFuture<Void> ack(ReceivedMessage message) {
        return ack(List.of(Objects.requireNonNull(message, "message")));
    }

    /**
     * Acks received messages, in driver-sized batches sent in parallel.
     *
     * @param messages the received messages
     * @return completed when all are acked
     */
    public CompletableFuture<Void> ack(Collection<ReceivedMessage> messages) {
        return receiver.settleAsync(List.copyOf(messages), true);
    }

    /**
     * Nacks a received message: visible again now.
     *
     * @param message the received message
     * @return completed when nacked
     */
    public CompletableFuture<Void> nack(ReceivedMessage message) {
        return nack(List.of(Objects.requireNonNull(message, "message")));
    }

    /**
     * Nacks received messages.
     *
     * @param messages the received messages
     * @return completed when all are nacked
     */
    public CompletableFuture<Void> nack(Collection<ReceivedMessage> messages) {
        return receiver.settleAsync(List.copyOf(messages), false);
    }
}

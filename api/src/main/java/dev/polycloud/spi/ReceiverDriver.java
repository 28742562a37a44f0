package dev.polycloud.spi;

import dev.polycloud.message.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The consumer side shared by queue and subscription drivers, under the driver contract of
 * {@link dev.polycloud.spi} (no retries, safe for concurrent use, mapped error codes). The portable
 * layer has already validated every argument against the declared
 * {@link dev.polycloud.message.MessageLimits}. Errors are thrown as {@link dev.polycloud.CloudException}
 * with the mapped code.
 *
 * <p>Concurrency: receive, ack, nack and extendLease are called concurrently from many threads, for
 * the same message too (a listener may extend a lease while a worker acks it); a driver whose cloud
 * rotates receipts serialises the operations on one delivery so that none sees a stale receipt.
 */
public interface ReceiverDriver {

    /**
     * Receives up to {@code maxMessages} messages, waiting up to {@code wait} for the first. Polling
     * until the wait ends is not a retry; a failed request is thrown, not repeated. The portable layer
     * dead-letters exhausted messages (when the provider has no native dead-lettering), so the driver
     * returns every message it received.
     *
     * @param maxMessages 1 to the declared {@code maxReceiveBatch}
     * @param wait 0 to 20 seconds; a driver whose cloud takes whole seconds rounds a fraction up
     * @param lease the lease for the received messages, or empty for the resource's default
     * @return the messages, possibly none; each with its delivery count including this delivery
     */
    List<ReceivedMessage> receive(int maxMessages, Duration wait, Optional<Duration> lease);

    /**
     * Deletes the leased messages. Receipts that are stale or already acked are ignored, never an
     * error. Idempotent, so the portable layer may resend the whole chunk when the call fails with a
     * retryable code.
     *
     * @param receipts 1 to the declared {@code maxBatchSize} receipts
     */
    void ack(List<String> receipts);

    /**
     * Makes leased messages visible again now. Stale receipts are ignored; idempotent like
     * {@link #ack(List)}.
     *
     * @param receipts 1 to the declared {@code maxBatchSize} receipts
     */
    void nack(List<String> receipts);

    /**
     * Sets a leased message's remaining lease to {@code lease} from now. May run concurrently with
     * an ack or nack of the same delivery.
     *
     * @param receipt the receipt of the current delivery
     * @param lease 1 second to the declared {@code maxLease}
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#PRECONDITION_FAILED} when the lease was lost
     */
    void extendLease(String receipt, Duration lease);

    /**
     * {@link #receive(int, Duration, Optional)} without blocking the caller. The default runs the
     * blocking call on {@link BlockingAsync}'s pool; drivers with an asynchronous client override
     * it. Failures complete the future exceptionally with a mapped {@link dev.polycloud.CloudException}.
     *
     * @param maxMessages as for {@code receive}
     * @param wait as for {@code receive}
     * @param lease as for {@code receive}
     * @return the messages
     */
    default CompletableFuture<List<ReceivedMessage>> receiveAsync(int maxMessages, Duration wait,
                                                                  Optional<Duration> lease) {
        return BlockingAsync.supply(() -> receive(maxMessages, wait, lease));
    }

    /**
     * {@link #ack(List)} without blocking the caller; the default runs the blocking call on
     * {@link BlockingAsync}'s pool.
     *
     * @param receipts as for {@code ack}
     * @return completed when acked
     */
    default CompletableFuture<Void> ackAsync(List<String> receipts) {
        return BlockingAsync.run(() -> ack(receipts));
    }

    /**
     * {@link #nack(List)} without blocking the caller; the default runs the blocking call on
     * {@link BlockingAsync}'s pool.
     *
     * @param receipts as for {@code nack}
     * @return completed when nacked
     */
    default CompletableFuture<Void> nackAsync(List<String> receipts) {
        return BlockingAsync.run(() -> nack(receipts));
    }
}

package dev.polycloud.spi;

import dev.polycloud.message.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The consumer side shared by queue and subscription drivers. The portable layer has already
 * validated every argument against the declared {@link dev.polycloud.message.MessageLimits}.
 * Errors are thrown as {@link dev.polycloud.CloudException} with the mapped code.
 */
public interface ReceiverDriver {

    /**
     * Receives up to {@code maxMessages} messages, waiting up to {@code wait} for the first.
     *
     * @param maxMessages 1 to the declared {@code maxReceiveBatch}
     * @param wait 0 to 20 seconds; a driver whose cloud takes whole seconds rounds a fraction up
     * @param lease the lease for the received messages, or empty for the resource's default
     * @return the messages, possibly none; each with its delivery count including this delivery
     */
    List<ReceivedMessage> receive(int maxMessages, Duration wait, Optional<Duration> lease);

    /**
     * Deletes the leased messages. Receipts that are stale or already acked are ignored.
     *
     * @param receipts 1 to the declared {@code maxBatchSize} receipts
     */
    void ack(List<String> receipts);

    /**
     * Makes leased messages visible again now. Stale receipts are ignored.
     *
     * @param receipts 1 to the declared {@code maxBatchSize} receipts
     */
    void nack(List<String> receipts);

    /**
     * Sets a leased message's remaining lease to {@code lease} from now.
     *
     * @param receipt the receipt of the current delivery
     * @param lease 1 second to the declared {@code maxLease}
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#PRECONDITION_FAILED} when the lease was lost
     */
    void extendLease(String receipt, Duration lease);
}

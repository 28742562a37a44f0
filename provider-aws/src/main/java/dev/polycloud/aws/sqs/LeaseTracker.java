package dev.polycloud.aws.sqs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What a receiver driver knows for certain about the leases it handed out, so that an ack, nack
 * or extension with a receipt whose lease has certainly ended is recognised as stale even when
 * the service would accept it (SQS does in some cases, emulators often do).
 *
 * <p>A lease has certainly ended when
 * <ul>
 *   <li>the same message was delivered again to this driver (a redelivery only happens after the
 *       previous lease ended), or</li>
 *   <li>its receipt was acked or nacked through this driver, or an extension found it lost, or</li>
 *   <li>its deadline passed, the deadline being measured from the moment the receive <em>returned</em>
 *       (the service started the lease earlier, so it cannot end later than that).</li>
 * </ul>
 * Receipts this tracker never saw are unknown: they go to the service unchecked. Memory is bounded:
 * ended leases are forgotten a quarter of an hour after they ended, once many are tracked.
 */
final class LeaseTracker {

    private static final int PURGE_THRESHOLD = 10_000;
    private static final long FORGET_AFTER_NANOS = Duration.ofMinutes(15).toNanos();

    /** One lease. */
    private static final class Lease {
        final String messageId;
        volatile long end;
        volatile boolean ended;

        Lease(String messageId, long end) {
            this.messageId = messageId;
            this.end = end;
        }
    }

    private final LongSupplier nanoTime;
    private final Map<String, Lease> byReceipt = new ConcurrentHashMap<>();
    private final Map<String, String> receiptOfMessage = new ConcurrentHashMap<>();
    private volatile int purgeAt = PURGE_THRESHOLD;

    LeaseTracker() {
        this(System::nanoTime);
    }

    LeaseTracker(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The current time of this tracker's clock, in nanoseconds. */
    long now() {
        return nanoTime.getAsLong();
    }

    /**
     * Records a delivery; any earlier receipt of the same message has certainly lost its lease.
     *
     * @param messageId the message id (stable across deliveries)
     * @param receipt the receipt of this delivery
     * @param leaseEnd when the lease ends at the latest, on this tracker's clock
     */
    void delivered(String messageId, String receipt, long leaseEnd) {
        purgeIfLarge();
        byReceipt.put(receipt, new Lease(messageId, leaseEnd));
        String previous = receiptOfMessage.put(messageId, receipt);
        if (previous != null && !previous.equals(receipt)) {
            finished(previous);
        }
    }

    /**
     * Whether the receipt's lease has certainly ended.
     *
     * @param receipt the receipt
     * @return true when known to have ended; false when live or unknown
     */
    boolean ended(String receipt) {
        Lease lease = byReceipt.get(receipt);
        return lease != null && (lease.ended || now() - lease.end >= 0);
    }

    /**
     * Records that the receipt's lease is over (acked, nacked, found lost).
     *
     * @param receipt the receipt
     */
    void finished(String receipt) {
        Lease lease = byReceipt.get(receipt);
        if (lease != null) {
            lease.ended = true;
            lease.end = Math.min(lease.end, now());
        }
    }

    /**
     * Records a successful extension.
     *
     * @param receipt the receipt
     * @param newEnd the new end at the latest
     */
    void extended(String receipt, long newEnd) {
        Lease lease = byReceipt.get(receipt);
        if (lease != null && !lease.ended) {
            lease.end = newEnd;
        }
    }

    /**
     * How many receipts are tracked.
     *
     * @return the count
     */
    int size() {
        return byReceipt.size();
    }

    private void purgeIfLarge() {
        if (byReceipt.size() < purgeAt) {
            return;
        }
        long now = now();
        byReceipt.entrySet().removeIf(e -> now - e.getValue().end > FORGET_AFTER_NANOS);
        receiptOfMessage.entrySet().removeIf(e -> !byReceipt.containsKey(e.getValue()));
        purgeAt = Math.max(PURGE_THRESHOLD, byReceipt.size() * 2);
    }
}

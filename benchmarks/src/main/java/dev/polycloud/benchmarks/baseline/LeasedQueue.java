package dev.polycloud.benchmarks.baseline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The honest plain-Java baseline for a leased queue: a {@link ConcurrentLinkedQueue} of visible
 * messages, a map of in-flight leases by receipt and a timestamp per lease — the same work an
 * in-memory queue must do (copy the body in and out, label the message and the delivery), without
 * Polycloud, without validation, redelivery of expired leases, delays, FIFO groups or dead-letters.
 * Thread-safe.
 */
public final class LeasedQueue {

    /** A queued message. */
    private record Msg(String id, byte[] body, Map<String, String> attributes) {
    }

    /** A lease on a message until {@code until} (nanoTime). */
    private record Lease(Msg msg, long until) {
    }

    /**
     * A delivered message.
     *
     * @param id the message id
     * @param body a copy of the body
     * @param receipt the receipt that acks it
     */
    public record Delivery(String id, byte[] body, String receipt) {
    }

    private final ConcurrentLinkedQueue<Msg> visible = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * Enqueues a copy of the body.
     *
     * @param body the body
     * @param attributes the attributes (an immutable copy is kept)
     * @return the message id
     */
    public String send(byte[] body, Map<String, String> attributes) {
        String id = Long.toHexString(ids.incrementAndGet());
        visible.offer(new Msg(id, body.clone(), Map.copyOf(attributes)));
        return id;
    }

    /**
     * Takes the oldest visible message and leases it.
     *
     * @param leaseNanos the lease length
     * @return the delivery, or null when nothing is visible
     */
    public Delivery receive(long leaseNanos) {
        Msg m = visible.poll();
        if (m == null) {
            return null;
        }
        String receipt = Long.toHexString(ids.incrementAndGet());
        leases.put(receipt, new Lease(m, System.nanoTime() + leaseNanos));
        return new Delivery(m.id(), m.body().clone(), receipt);
    }

    /**
     * Ends a lease and forgets the message.
     *
     * @param receipt the receipt
     */
    public void ack(String receipt) {
        leases.remove(receipt);
    }
}

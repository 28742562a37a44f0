package dev.polycloud.local;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.DeadLetterPolicy;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The messages of one queue or one subscription, with leases, redelivery, delay, FIFO groups,
 * deduplication and dead-lettering. All state is guarded by one lock; long polls wait on its
 * condition. Visibility follows the injected clock; waiting follows real time, re-checking
 * every few milliseconds so that a fake clock moved by a test is noticed.
 */
final class MessageStore {

    private static final Duration DEDUP_WINDOW = Duration.ofMinutes(5);
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String resource;
    private final Clock clock;
    private final Duration defaultLease;
    private final boolean fifo;
    private final Optional<DeadLetterPolicy> deadLetter;
    private final Object options;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Entry> byReceipt = new HashMap<>();
    private final Map<String, Dedup> dedup = new HashMap<>();
    private boolean deleted;

    /** One stored message. */
    private static final class Entry {
        final String id;
        final byte[] body;
        final Map<String, String> attributes;
        final String group;
        final Instant sentAt;
        Instant visibleAt;
        int deliveryCount;
        String receipt;

        Entry(String id, byte[] body, Map<String, String> attributes, String group, Instant sentAt, Instant visibleAt) {
            this.id = id;
            this.body = body;
            this.attributes = attributes;
            this.group = group;
            this.sentAt = sentAt;
            this.visibleAt = visibleAt;
        }
    }

    private record Dedup(String messageId, Instant expires) {
    }

    MessageStore(String resource, Clock clock, Duration defaultLease, boolean fifo,
                 Optional<DeadLetterPolicy> deadLetter, Object options) {
        this.resource = resource;
        this.clock = clock;
        this.defaultLease = defaultLease;
        this.fifo = fifo;
        this.deadLetter = deadLetter;
        this.options = options;
    }

    Object options() {
        return options;
    }

    /** Adds messages; returns their ids (a deduplicated message returns the first one's id). */
    List<String> add(List<Message> messages, String sharedId) {
        lock.lock();
        try {
            checkAlive();
            Instant now = clock.instant();
            dedup.values().removeIf(d -> !d.expires().isAfter(now));
            List<String> ids = new ArrayList<>(messages.size());
            for (Message m : messages) {
                String dedupId = m.deduplicationId().orElse(null);
                Dedup seen = dedupId == null ? null : dedup.get(dedupId);
                if (seen != null) {
                    ids.add(seen.messageId());
                    continue;
                }
                String id = sharedId != null ? sharedId : UUID.randomUUID().toString();
                Instant visibleAt = now.plus(m.delay().orElse(Duration.ZERO));
                entries.put(id, new Entry(id, m.body(), Map.copyOf(m.attributes()), m.orderingGroup().orElse(null),
                        now, visibleAt));
                if (dedupId != null) {
                    dedup.put(dedupId, new Dedup(id, now.plus(DEDUP_WINDOW)));
                }
                ids.add(id);
            }
            changed.signalAll();
            return ids;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Receives up to {@code max} visible messages, waiting up to {@code wait}. With a dead-letter
     * policy, messages already delivered {@code maxDeliveries} times are moved to the dead-letter
     * queue instead of being delivered (native dead-lettering). Within a FIFO group, messages go
     * out in order and none while an earlier one of the group is leased.
     */
    List<ReceivedMessage> receive(int max, Duration wait, Optional<Duration> lease,
                                  Function<String, MessageStore> deadLetterStores) {
        long deadline = System.nanoTime() + wait.toNanos();
        Duration leaseFor = lease.orElse(defaultLease);
        List<Entry> moved = new ArrayList<>();
        lock.lock();
        try {
            while (true) {
                checkAlive();
                List<ReceivedMessage> got = take(max, leaseFor, deadLetterStores, moved);
                long remaining = deadline - System.nanoTime();
                if (!got.isEmpty() || remaining <= 0) {
                    return got;
                }
                changed.awaitNanos(Math.min(remaining, RECHECK_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Interrupted while receiving", null, resource, e);
        } finally {
            lock.unlock();
            moveToDeadLetter(moved, deadLetterStores);
        }
    }

    /** Moves outside this store's lock (no lock ordering between stores); on failure the message stays here. */
    private void moveToDeadLetter(List<Entry> moved, Function<String, MessageStore> deadLetterStores) {
        for (Entry e : moved) {
            MessageStore target = deadLetterStores.apply(deadLetter.orElseThrow().deadLetterQueue());
            try {
                if (target == null) {
                    throw new CloudException(ErrorCode.NOT_FOUND, "dead-letter queue missing");
                }
                target.add(List.of(Message.builder().body(e.body).attributes(e.attributes).build()), null);
            } catch (CloudException failure) {
                lock.lock();
                try {
                    if (!deleted) {
                        entries.put(e.id, e);
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private List<ReceivedMessage> take(int max, Duration lease, Function<String, MessageStore> deadLetterStores,
                                       List<Entry> moved) {
        Instant now = clock.instant();
        List<ReceivedMessage> got = new ArrayList<>();
        Set<String> blockedGroups = new HashSet<>();
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext() && got.size() < max) {
            Entry e = it.next();
            boolean visible = !e.visibleAt.isAfter(now);
            if (fifo && e.group != null) {
                if (blockedGroups.contains(e.group)) {
                    continue;
                }
                if (!visible) {
                    blockedGroups.add(e.group);
                    continue;
                }
            }
            if (!visible) {
                continue;
            }
            if (deadLetter.isPresent() && e.deliveryCount >= deadLetter.get().maxDeliveries()) {
                MessageStore target = deadLetterStores.apply(deadLetter.get().deadLetterQueue());
                if (target != null && target != this) {
                    it.remove();
                    byReceipt.remove(e.receipt);
                    moved.add(e);
                    continue;
                }
            }
            e.deliveryCount++;
            if (e.receipt != null) {
                byReceipt.remove(e.receipt);
            }
            e.receipt = UUID.randomUUID().toString();
            byReceipt.put(e.receipt, e);
            e.visibleAt = now.plus(lease);
            got.add(new ReceivedMessage(e.id, e.body, e.attributes, e.deliveryCount, e.sentAt,
                    Optional.ofNullable(e.group), e.receipt));
        }
        return got;
    }

    void ack(List<String> receipts) {
        lock.lock();
        try {
            checkAlive();
            for (String r : receipts) {
                Entry e = byReceipt.remove(r);
                if (e != null) {
                    entries.remove(e.id);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void nack(List<String> receipts) {
        lock.lock();
        try {
            checkAlive();
            Instant now = clock.instant();
            for (String r : receipts) {
                Entry e = byReceipt.get(r);
                if (e != null && e.visibleAt.isAfter(now)) {
                    e.visibleAt = now;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void extendLease(String receipt, Duration lease) {
        lock.lock();
        try {
            checkAlive();
            Instant now = clock.instant();
            Entry e = byReceipt.get(receipt);
            if (e == null || !e.visibleAt.isAfter(now)) {
                throw new CloudException(ErrorCode.PRECONDITION_FAILED,
                        "The lease of this message has ended; it may already be delivered to another receiver",
                        null, resource, null);
            }
            e.visibleAt = now.plus(lease);
        } finally {
            lock.unlock();
        }
    }

    long depth() {
        lock.lock();
        try {
            checkAlive();
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    void markDeleted() {
        lock.lock();
        try {
            deleted = true;
            entries.clear();
            byReceipt.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void checkAlive() {
        if (deleted) {
            throw new CloudException(ErrorCode.NOT_FOUND, resource + " does not exist", null, resource, null);
        }
    }
}

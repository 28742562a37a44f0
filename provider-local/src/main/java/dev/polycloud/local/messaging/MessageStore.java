package dev.polycloud.local.messaging;

import dev.polycloud.local.internal.Ids;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.DeadLetterPolicy;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The messages of one queue or one subscription, with leases, redelivery, delay, FIFO groups,
 * deduplication and dead-lettering.
 *
 * <p>Layout, chosen so that send, receive and ack cost the same with 10 or 1,000,000 messages
 * in flight and so that concurrent senders and receivers do not share one lock:
 * <ul>
 *   <li>each message is an {@link Entry} whose lease state is guarded by the entry's own monitor
 *       and numbered by a generation; a {@link Ticket} names an entry at one generation, and a
 *       ticket whose generation is stale (the message was acked, nacked, re-leased or extended
 *       since) is skipped when met — removal is lazy, nothing is searched for;</li>
 *   <li>visible messages wait in a lock-free {@link ConcurrentLinkedQueue};</li>
 *   <li>delayed and leased messages wait in a heap ordered by the time they become visible
 *       (its own small lock, {@code O(log n)}), so a receive takes the due ones from the top
 *       instead of walking leased entries from the front. A ticket goes stale there when its message
 *       is acked, nacked or leased again before its time comes (with a lease of an hour, that is
 *       nearly every ticket), so whenever the heap has doubled since its last sweep, its stale
 *       tickets are swept out in one {@code O(n)} pass: the heap holds at most about twice the
 *       messages that are really leased or delayed (plus {@value #MIN_SWEEP}), and the sweep costs
 *       {@code O(1)} per receive, amortised. New leases end last, so adding one to the heap takes
 *       one comparison whatever the number of messages in flight;</li>
 *   <li>receipts map to entries in a {@link ConcurrentHashMap}; deduplication ids likewise,
 *       expired lazily on lookup and swept at most every {@link #DEDUP_SWEEP} instead of on
 *       every send;</li>
 *   <li>messages of a FIFO ordering group (only when the store is FIFO) live in per-group
 *       ordered sets under one group lock: a receive walks the groups (not the messages), and
 *       stops in each group at its first message that is not visible.</li>
 * </ul>
 * Visibility follows the injected clock; waiting follows real time, re-checking every few
 * milliseconds so that a fake clock moved by a test is noticed. Thread-safe.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class MessageStore {

    private static final long DEDUP_WINDOW = Duration.ofMinutes(5).toNanos();
    private static final long DEDUP_SWEEP = Duration.ofSeconds(30).toNanos();
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** The smallest heap size at which stale tickets are swept out of it. */
    static final int MIN_SWEEP = 1024;

    private final String resource;
    private final Clock clock;
    private final Duration defaultLease;
    private final boolean fifo;
    private final Optional<DeadLetterPolicy> deadLetter;
    private final Object options;

    private final ConcurrentLinkedQueue<Ticket> ready = new ConcurrentLinkedQueue<>();
    private final ReentrantLock timedLock = new ReentrantLock();
    private final PriorityQueue<Ticket> timed = new PriorityQueue<>(MessageStore::compareDue);
    /** The heap size at which its stale tickets are swept out next; guarded by {@link #timedLock}. */
    private int sweepAt = MIN_SWEEP;
    /** The visibility time of the heap's top, or {@link Long#MAX_VALUE}; read without the lock. */
    private volatile long nextDue = Long.MAX_VALUE;
    private final ReentrantLock groupLock = new ReentrantLock();
    private final LinkedHashMap<String, LinkedHashSet<Entry>> groups = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, Entry> byReceipt = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Dedup> dedup = new ConcurrentHashMap<>();
    private volatile long nextDedupSweep;
    private final LongAdder live = new LongAdder();
    private final ReentrantLock waitLock = new ReentrantLock();
    private final Condition changed = waitLock.newCondition();
    private final AtomicInteger waiters = new AtomicInteger();
    private volatile boolean deleted;

    /** One stored message; the mutable fields are guarded by the entry's monitor. */
    private static final class Entry {
        final String id;
        final byte[] body;
        final Map<String, String> attributes;
        final String group;
        final Instant sentAt;
        long visibleAt;
        int deliveryCount;
        String receipt;
        int generation;
        boolean gone;

        Entry(String id, byte[] body, Map<String, String> attributes, String group, Instant sentAt, long visibleAt) {
            this.id = id;
            this.body = body;
            this.attributes = attributes;
            this.group = group;
            this.sentAt = sentAt;
            this.visibleAt = visibleAt;
        }
    }

    /** An entry at one generation, visible from {@code visibleAt} (clock nanoseconds). */
    private record Ticket(Entry entry, int generation, long visibleAt) {
    }

    private record Dedup(String messageId, long expires) {
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
        checkAlive();
        Instant sentAt = clock.instant();
        long now = nanos(sentAt);
        if (now >= nextDedupSweep && !dedup.isEmpty()) {
            nextDedupSweep = now + DEDUP_SWEEP;
            dedup.values().removeIf(d -> d.expires() <= now);
        }
        List<String> ids = new ArrayList<>(messages.size());
        for (Message m : messages) {
            String id = sharedId != null ? sharedId : Ids.next();
            String dedupId = m.deduplicationId().orElse(null);
            if (dedupId != null) {
                String first = claimDedup(dedupId, id, now);
                if (first != null) {
                    ids.add(first);
                    continue;
                }
            }
            Duration delay = m.delay().orElse(null);
            long visibleAt = delay == null ? now : now + delay.toNanos();
            Entry e = new Entry(id, m.body(), immutableCopy(m.attributes()), m.orderingGroup().orElse(null), sentAt,
                    visibleAt);
            live.increment();
            enqueue(e, now);
            ids.add(id);
        }
        signalWaiters();
        return ids;
    }

    /** {@link Map#copyOf}, without its entry array for the usual message of at most one attribute. */
    private static Map<String, String> immutableCopy(Map<String, String> attributes) {
        switch (attributes.size()) {
            case 0:
                return Map.of();
            case 1:
                Map.Entry<String, String> only = attributes.entrySet().iterator().next();
                return Map.of(only.getKey(), only.getValue());
            default:
                return Map.copyOf(attributes);
        }
    }

    /** Records {@code id} under the dedup id; returns the id of an unexpired earlier message, or null. */
    private String claimDedup(String dedupId, String id, long now) {
        Dedup mine = new Dedup(id, now + DEDUP_WINDOW);
        while (true) {
            Dedup seen = dedup.putIfAbsent(dedupId, mine);
            if (seen == null) {
                return null;
            }
            if (seen.expires() > now) {
                return seen.messageId();
            }
            if (dedup.replace(dedupId, seen, mine)) {
                return null;
            }
        }
    }

    /** Places a new or returned entry where a receive will find it. */
    private void enqueue(Entry e, long now) {
        if (grouped(e)) {
            groupLock.lock();
            try {
                groups.computeIfAbsent(e.group, g -> new LinkedHashSet<>()).add(e);
            } finally {
                groupLock.unlock();
            }
            return;
        }
        Ticket t;
        synchronized (e) {
            t = new Ticket(e, e.generation, e.visibleAt);
        }
        if (t.visibleAt() <= now) {
            ready.offer(t);
        } else {
            schedule(t);
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
        long leaseNanos = lease.orElse(defaultLease).toNanos();
        List<Entry> moved = new ArrayList<>(0);
        try {
            while (true) {
                checkAlive();
                List<ReceivedMessage> got = take(max, leaseNanos, deadLetterStores, moved);
                long remaining = deadline - System.nanoTime();
                if (!got.isEmpty() || remaining <= 0) {
                    return got;
                }
                await(Math.min(remaining, RECHECK_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Interrupted while receiving", null, resource, e);
        } finally {
            moveToDeadLetter(moved, deadLetterStores);
        }
    }

    private void await(long nanos) throws InterruptedException {
        waitLock.lock();
        try {
            waiters.incrementAndGet();
            try {
                if (ready.isEmpty() && !deleted) {
                    changed.awaitNanos(nanos);
                }
            } finally {
                waiters.decrementAndGet();
            }
        } finally {
            waitLock.unlock();
        }
    }

    private void signalWaiters() {
        if (waiters.get() > 0) {
            waitLock.lock();
            try {
                changed.signalAll();
            } finally {
                waitLock.unlock();
            }
        }
    }

    /** Moves outside any lock of this store; on failure the message stays here. */
    private void moveToDeadLetter(List<Entry> moved, Function<String, MessageStore> deadLetterStores) {
        for (Entry e : moved) {
            MessageStore target = deadLetterStores.apply(deadLetter.orElseThrow().deadLetterQueue());
            try {
                if (target == null) {
                    throw new CloudException(ErrorCode.NOT_FOUND, "dead-letter queue missing");
                }
                target.add(List.of(Message.builder().body(e.body).attributes(e.attributes).build()), null);
            } catch (CloudException failure) {
                if (!deleted) {
                    synchronized (e) {
                        e.gone = false;
                        e.generation++;
                    }
                    live.increment();
                    enqueue(e, Long.MAX_VALUE);
                }
            }
        }
    }

    private List<ReceivedMessage> take(int max, long leaseNanos, Function<String, MessageStore> deadLetterStores,
                                       List<Entry> moved) {
        long now = nanos(clock.instant());
        Take take = new Take(max, now, leaseNanos, deadLetterStores, moved);
        // 1. leases that ended and delays that passed, earliest first
        while (!take.full() && nextDue <= now) {
            List<Ticket> due = pollDue(now, max - take.got.size());
            if (due.isEmpty()) {
                break;
            }
            for (Ticket t : due) {
                take.offer(t);
            }
        }
        // 2. FIFO ordering groups, each in order and blocked behind its first invisible message
        if (fifo && !take.full()) {
            takeFromGroups(take);
        }
        // 3. visible messages in the order they became visible
        while (!take.full()) {
            Ticket t = ready.poll();
            if (t == null) {
                break;
            }
            take.offer(t);
        }
        take.scheduleLeased();
        return take.got;
    }

    private void takeFromGroups(Take take) {
        groupLock.lock();
        try {
            Iterator<LinkedHashSet<Entry>> groupIt = groups.values().iterator();
            while (groupIt.hasNext() && !take.full()) {
                LinkedHashSet<Entry> members = groupIt.next();
                Iterator<Entry> it = members.iterator();
                while (it.hasNext() && !take.full()) {
                    Entry e = it.next();
                    boolean blocked;
                    boolean removed;
                    synchronized (e) {
                        if (e.gone) {
                            it.remove();
                            continue;
                        }
                        blocked = e.visibleAt > take.now;
                        removed = !blocked && take.leaseOrMove(e, true);
                    }
                    if (blocked) {
                        break;
                    }
                    if (removed) {
                        it.remove();
                    }
                }
                if (members.isEmpty()) {
                    groupIt.remove();
                }
            }
        } finally {
            groupLock.unlock();
        }
    }

    /** The state of one receive. */
    private final class Take {
        final int max;
        final long now;
        final long leaseNanos;
        final Function<String, MessageStore> deadLetterStores;
        final List<Entry> moved;
        final List<ReceivedMessage> got;
        Ticket firstLeased;
        List<Ticket> moreLeased;

        Take(int max, long now, long leaseNanos, Function<String, MessageStore> deadLetterStores, List<Entry> moved) {
            this.max = max;
            this.now = now;
            this.leaseNanos = leaseNanos;
            this.deadLetterStores = deadLetterStores;
            this.moved = moved;
            this.got = new ArrayList<>(Math.min(max, 16));
        }

        /** Keeps a lease's ticket for the heap: the first in a field, a list only from the second on. */
        void leased(Ticket t) {
            if (firstLeased == null) {
                firstLeased = t;
                return;
            }
            if (moreLeased == null) {
                moreLeased = new ArrayList<>(Math.min(max, 16));
            }
            moreLeased.add(t);
        }

        /** Puts the leases taken into the heap, under one lock. */
        void scheduleLeased() {
            if (moreLeased != null) {
                moreLeased.add(firstLeased);
                schedule(moreLeased);
            } else if (firstLeased != null) {
                schedule(firstLeased);
            }
        }

        boolean full() {
            return got.size() >= max;
        }

        /** Leases the ticket's entry if the ticket is still current. */
        void offer(Ticket t) {
            Entry e = t.entry();
            synchronized (e) {
                if (!e.gone && e.generation == t.generation()) {
                    leaseOrMove(e, false);
                }
            }
        }

        /**
         * Leases the entry or, when it has been delivered {@code maxDeliveries} times, takes it
         * out for the dead-letter queue. The caller holds the entry's monitor.
         *
         * @return whether the entry left this store
         */
        boolean leaseOrMove(Entry e, boolean grouped) {
            if (deadLetter.isPresent() && e.deliveryCount >= deadLetter.get().maxDeliveries()) {
                MessageStore target = deadLetterStores.apply(deadLetter.get().deadLetterQueue());
                if (target != null && target != MessageStore.this) {
                    e.gone = true;
                    e.generation++;
                    if (e.receipt != null) {
                        byReceipt.remove(e.receipt, e);
                    }
                    live.decrement();
                    moved.add(e);
                    return true;
                }
            }
            e.deliveryCount++;
            if (e.receipt != null) {
                byReceipt.remove(e.receipt, e);
            }
            e.receipt = Ids.next();
            byReceipt.put(e.receipt, e);
            e.visibleAt = now + leaseNanos;
            e.generation++;
            if (!grouped) {
                leased(new Ticket(e, e.generation, e.visibleAt));
            }
            got.add(new ReceivedMessage(e.id, e.body, e.attributes, e.deliveryCount, e.sentAt,
                    Optional.ofNullable(e.group), e.receipt));
            return false;
        }
    }

    private List<Ticket> pollDue(long now, int max) {
        timedLock.lock();
        try {
            List<Ticket> due = new ArrayList<>(Math.min(max, 16));
            while (due.size() < max) {
                Ticket t = timed.peek();
                if (t == null || t.visibleAt() > now) {
                    break;
                }
                timed.poll();
                due.add(t);
            }
            updateNextDue();
            return due;
        } finally {
            timedLock.unlock();
        }
    }

    private void schedule(List<Ticket> tickets) {
        timedLock.lock();
        try {
            for (int i = 0, n = tickets.size(); i < n; i++) {
                timed.offer(tickets.get(i));
            }
            sweepIfGrown();
            updateNextDue();
        } finally {
            timedLock.unlock();
        }
    }

    private void schedule(Ticket ticket) {
        timedLock.lock();
        try {
            timed.offer(ticket);
            sweepIfGrown();
            updateNextDue();
        } finally {
            timedLock.unlock();
        }
    }

    /**
     * Sweeps the stale tickets (acked, nacked, re-leased or extended since) out of the heap once it
     * has doubled since the last sweep. The caller holds {@link #timedLock}.
     */
    private void sweepIfGrown() {
        if (timed.size() < sweepAt) {
            return;
        }
        timed.removeIf(MessageStore::stale);
        sweepAt = Math.max(MIN_SWEEP, timed.size() * 2);
    }

    /** Whether the ticket no longer names its entry's current state (a generation only grows, so for good). */
    private static boolean stale(Ticket t) {
        Entry e = t.entry();
        synchronized (e) {
            return e.generation != t.generation();
        }
    }

    /**
     * How many tickets the heap of leased and delayed messages holds, stale ones included; for tests.
     *
     * @return the heap's size
     */
    int scheduledTickets() {
        timedLock.lock();
        try {
            return timed.size();
        } finally {
            timedLock.unlock();
        }
    }

    private void updateNextDue() {
        Ticket top = timed.peek();
        nextDue = top == null ? Long.MAX_VALUE : top.visibleAt();
    }

    void ack(List<String> receipts) {
        checkAlive();
        boolean unblocked = false;
        for (String r : receipts) {
            Entry e = byReceipt.remove(r);
            if (e == null) {
                continue;
            }
            synchronized (e) {
                if (e.gone || !r.equals(e.receipt)) {
                    continue;
                }
                e.gone = true;
                e.generation++;
            }
            live.decrement();
            if (grouped(e)) {
                removeFromGroup(e);
                unblocked = true;
            }
        }
        if (unblocked) {
            signalWaiters();
        }
    }

    private void removeFromGroup(Entry e) {
        groupLock.lock();
        try {
            LinkedHashSet<Entry> members = groups.get(e.group);
            if (members != null && members.remove(e) && members.isEmpty()) {
                groups.remove(e.group);
            }
        } finally {
            groupLock.unlock();
        }
    }

    void nack(List<String> receipts) {
        checkAlive();
        long now = nanos(clock.instant());
        for (String r : receipts) {
            Entry e = byReceipt.get(r);
            if (e == null) {
                continue;
            }
            synchronized (e) {
                if (e.gone || !r.equals(e.receipt) || e.visibleAt <= now) {
                    continue;
                }
                e.visibleAt = now;
                e.generation++;
                if (!grouped(e)) {
                    ready.offer(new Ticket(e, e.generation, now));
                }
            }
        }
        signalWaiters();
    }

    void extendLease(String receipt, Duration lease) {
        checkAlive();
        long now = nanos(clock.instant());
        Entry e = byReceipt.get(receipt);
        Ticket t = null;
        if (e != null) {
            synchronized (e) {
                if (!e.gone && receipt.equals(e.receipt) && e.visibleAt > now) {
                    e.visibleAt = now + lease.toNanos();
                    e.generation++;
                    t = new Ticket(e, e.generation, e.visibleAt);
                }
            }
        }
        if (t == null) {
            throw new CloudException(ErrorCode.PRECONDITION_FAILED,
                    "The lease of this message has ended; it may already be delivered to another receiver",
                    null, resource, null);
        }
        if (!grouped(e)) {
            schedule(t);
        }
    }

    long depth() {
        checkAlive();
        return Math.max(0, live.sum());
    }

    public void markDeleted() {
        deleted = true;
        ready.clear();
        timedLock.lock();
        try {
            timed.clear();
            updateNextDue();
        } finally {
            timedLock.unlock();
        }
        groupLock.lock();
        try {
            groups.clear();
        } finally {
            groupLock.unlock();
        }
        byReceipt.clear();
        dedup.clear();
        live.reset();
        waitLock.lock();
        try {
            changed.signalAll();
        } finally {
            waitLock.unlock();
        }
    }

    private boolean grouped(Entry e) {
        return fifo && e.group != null;
    }

    private static int compareDue(Ticket a, Ticket b) {
        return Long.compare(a.visibleAt(), b.visibleAt());
    }

    /** Clock time as nanoseconds since the epoch (good until the year 2262). */
    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private void checkAlive() {
        if (deleted) {
            throw new CloudException(ErrorCode.NOT_FOUND, resource + " does not exist", null, resource, null);
        }
    }
}

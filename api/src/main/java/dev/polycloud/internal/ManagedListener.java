package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.BatchResult;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.listen.BatchHandler;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.listen.ListenerStats;
import dev.polycloud.listen.MessageHandler;
import dev.polycloud.message.MessageReceiver;
import dev.polycloud.message.ReceiveOptions;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.spi.StreamingReceiverDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link Listener}, over the portable {@link MessageReceiver} calls (so
 * validation, retries and portable dead-lettering are those of a hand-written loop).
 *
 * <p>Threads: {@code pollers} receiving threads; {@code concurrency} worker loops (on the
 * listener's own daemon threads or the user's executor) taking units of work (one message, or one
 * received batch for a {@link BatchHandler}) from a queue; two scheduler threads, one flushing
 * acks and nacks in provider-sized batches every few milliseconds, one finding leases due for
 * extension (a third of the lease left) every sixth of a lease; and up to eight threads extending
 * those leases in parallel, most urgent first.
 *
 * <p>Flow control: a semaphore of {@code maxInFlight} permits, one per message from receipt until
 * it is settled (its ack or nack queued), and a byte counter that pauses receiving while at or
 * over {@code maxInFlightBytes}.
 *
 * <h2>Streaming</h2>
 * When the receiver offers a {@link StreamSource} (a driver implementing
 * {@link StreamingReceiverDriver} with streaming on), one stream thread replaces the pollers: it
 * opens the driver's stream with the lease and the flow-control limits, admits each pushed message
 * that finds a permit and room under the byte limit, exactly as a received one, and holds back the
 * rest (their leases extended like any other, not counted as in flight, not handed to a handler)
 * until permits free up. It pauses the stream whenever it holds messages back or is full, and
 * resumes it when not. A stream that ends by itself is reopened after the polling backoff, unless its
 * error is one retrying cannot fix (the listener then fails, as when polling). On stop the stream is
 * closed first (the driver nacks what arrives until it has ended); every pushed message no handler
 * started, held back or arriving late, is released (nacked).
 */
public final class ManagedListener implements Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedListener.class);
    private static final Set<ErrorCode> PERMANENT = EnumSet.of(ErrorCode.NOT_FOUND, ErrorCode.PERMISSION_DENIED,
            ErrorCode.UNAUTHENTICATED, ErrorCode.INVALID_ARGUMENT, ErrorCode.UNIMPLEMENTED);
    private static final long FLUSH_MILLIS = 10;
    private static final long STREAM_CLOSE_SECONDS = 10;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private enum State { RUNNING, STOPPING, TERMINATED }

    /** A received message while this listener holds it. */
    private static final class Tracked {
        final ReceivedMessage message;
        final long receivedAt;
        final int bytes;
        volatile long leaseEnds;
        volatile boolean extending = true;

        Tracked(ReceivedMessage message, long receivedAt, long leaseEnds) {
            this.message = message;
            this.receivedAt = receivedAt;
            this.bytes = message.body().length;
            this.leaseEnds = leaseEnds;
        }
    }

    private final MessageReceiver receiver;
    private final String source;
    private final MessageHandler handler;
    private final BatchHandler batchHandler;
    private final ListenerOptions options;
    private final int maxSettleBatch;
    private final String name;
    private final HandlerObservation observation;

    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final AtomicReference<CloudException> failure = new AtomicReference<>();
    private final Semaphore permits;
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final ReentrantLock settleLock = new ReentrantLock();
    private final Condition settled = settleLock.newCondition();
    private final ConcurrentHashMap<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final BlockingQueue<List<Tracked>> ready = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<ReceivedMessage> pendingAcks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ReceivedMessage> pendingNacks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger activeHandlers = new AtomicInteger();
    private final AtomicInteger livePollers = new AtomicInteger();
    private final List<Thread> pollerThreads = new ArrayList<>();
    private final StreamSource streamSource;
    private final java.util.ArrayDeque<Tracked> held = new java.util.ArrayDeque<>();
    private final java.util.Set<Tracked> heldSet = ConcurrentHashMap.newKeySet();
    private final Object heldLock = new Object();
    private final CountDownLatch workersDone;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final ScheduledExecutorService scheduler;
    private final ExecutorService ownWorkers;
    private final ExecutorService extenders;
    private final Object stopLock = new Object();
    private volatile boolean cleanStop = true;

    private final LongAdder received = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder extensions = new LongAdder();
    private final LongAdder leasesLost = new LongAdder();

    private ManagedListener(MessageReceiver receiver, String source, MessageHandler handler, BatchHandler batchHandler,
                            ListenerOptions options, int maxSettleBatch, HandlerObservation observation,
                            StreamSource streamSource) {
        this.observation = observation;
        this.streamSource = streamSource;
        this.receiver = receiver;
        this.source = source;
        this.handler = handler;
        this.batchHandler = batchHandler;
        this.options = options;
        this.maxSettleBatch = maxSettleBatch;
        this.name = "polycloud-listener-" + SEQUENCE.incrementAndGet();
        this.permits = new Semaphore(options.maxInFlight());
        this.workersDone = new CountDownLatch(options.concurrency());
        this.scheduler = Executors.newScheduledThreadPool(2, threads(name + "-scheduler"));
        this.extenders = Executors.newFixedThreadPool(Math.min(8, Math.max(2, options.concurrency())),
                threads(name + "-lease"));
        this.ownWorkers = options.executor().isPresent() ? null
                : Executors.newFixedThreadPool(options.concurrency(), threads(name + "-worker"));
    }

    /**
     * Starts a listener calling {@code handler} for each message.
     *
     * @param receiver the queue or subscription
     * @param source the {@link MessageBatch#source()} naming it
     * @param handler the handler
     * @param options the options, already checked against the provider's limits
     * @param maxSettleBatch the most receipts per ack or nack call
     * @return the running listener
     */
    public static Listener start(MessageReceiver receiver, String source, MessageHandler handler,
                                 ListenerOptions options, int maxSettleBatch) {
        return start(receiver, source, handler, options, maxSettleBatch,
                new HandlerObservation("", source, "process", dev.polycloud.spi.OperationObserver.NONE, true));
    }

    /**
     * Starts a listener calling {@code handler} for each message, instrumented by {@code observation}.
     *
     * @param receiver the queue or subscription
     * @param source the {@link MessageBatch#source()} naming it
     * @param handler the handler
     * @param options the options, already checked against the provider's limits
     * @param maxSettleBatch the most receipts per ack or nack call
     * @param observation what sets the MDC and reports each handling
     * @return the running listener
     */
    public static Listener start(MessageReceiver receiver, String source, MessageHandler handler,
                                 ListenerOptions options, int maxSettleBatch, HandlerObservation observation) {
        return start(receiver, source, handler, options, maxSettleBatch, observation, null);
    }

    /**
     * Starts a listener calling {@code handler} for each message, on the receiver's stream when it
     * offers one.
     *
     * @param receiver the queue or subscription
     * @param source the {@link MessageBatch#source()} naming it
     * @param handler the handler
     * @param options the options, already checked against the provider's limits
     * @param maxSettleBatch the most receipts per ack or nack call
     * @param observation what sets the MDC and reports each handling
     * @param stream the receiver's stream, or null to poll
     * @return the running listener
     */
    public static Listener start(MessageReceiver receiver, String source, MessageHandler handler,
                                 ListenerOptions options, int maxSettleBatch, HandlerObservation observation,
                                 StreamSource stream) {
        return new ManagedListener(receiver, source, Objects.requireNonNull(handler, "handler"), null, options,
                maxSettleBatch, observation, stream).begin();
    }

    /**
     * Starts a listener calling {@code handler} for each received batch.
     *
     * @param receiver the queue or subscription
     * @param source the {@link MessageBatch#source()} naming it
     * @param handler the batch handler
     * @param options the options, already checked against the provider's limits
     * @param maxSettleBatch the most receipts per ack or nack call
     * @return the running listener
     */
    public static Listener startBatches(MessageReceiver receiver, String source, BatchHandler handler,
                                        ListenerOptions options, int maxSettleBatch) {
        return startBatches(receiver, source, handler, options, maxSettleBatch,
                new HandlerObservation("", source, "process", dev.polycloud.spi.OperationObserver.NONE, true));
    }

    /**
     * Starts a listener calling {@code handler} for each received batch, instrumented by {@code observation}.
     *
     * @param receiver the queue or subscription
     * @param source the {@link MessageBatch#source()} naming it
     * @param handler the batch handler
     * @param options the options, already checked against the provider's limits
     * @param maxSettleBatch the most receipts per ack or nack call
     * @param observation what sets the MDC and reports each handling
     * @return the running listener
     */
    public static Listener startBatches(MessageReceiver receiver, String source, BatchHandler handler,
                                        ListenerOptions options, int maxSettleBatch, HandlerObservation observation) {
        return startBatches(receiver, source, handler, options, maxSettleBatch, observation, null);
    }

    /**
     * Starts a listener calling {@code handler} for each received batch, on the receiver's stream
     * when it offers one (a batch is then up to {@code batchSize} messages of one push).
     *
     * @param receiver the queue or subscription
     * @param source the {@link MessageBatch#source()} naming it
     * @param handler the batch handler
     * @param options the options, already checked against the provider's limits
     * @param maxSettleBatch the most receipts per ack or nack call
     * @param observation what sets the MDC and reports each handling
     * @param stream the receiver's stream, or null to poll
     * @return the running listener
     */
    public static Listener startBatches(MessageReceiver receiver, String source, BatchHandler handler,
                                        ListenerOptions options, int maxSettleBatch, HandlerObservation observation,
                                        StreamSource stream) {
        return new ManagedListener(receiver, source, null, Objects.requireNonNull(handler, "handler"), options,
                maxSettleBatch, observation, stream).begin();
    }

    /**
     * A receiver's stream as the listener uses it: the driver's {@link StreamingReceiverDriver#openStream}
     * and the portable processing of what it pushes (dead-lettering exhausted messages where the provider
     * does not). Made by {@link MessageReceiver}; not API.
     */
    public interface StreamSource {

        /**
         * Opens the driver's stream.
         *
         * @param settings the lease and limits
         * @param observer what receives the pushes
         * @return the stream
         * @throws CloudException mapped, when it cannot be opened
         */
        StreamingReceiverDriver.ReceiveStream open(StreamingReceiverDriver.StreamSettings settings,
                                                   StreamingReceiverDriver.StreamObserver observer);

        /**
         * The pushed messages to hand to handlers, after portable processing (may block: it can
         * move a message to a dead-letter queue).
         *
         * @param pushed the messages the stream pushed
         * @return those to handle
         */
        List<ReceivedMessage> accept(List<ReceivedMessage> pushed);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private Listener begin() {
        for (int i = 0; i < options.concurrency(); i++) {
            Runnable worker = this::workLoop;
            if (ownWorkers != null) {
                ownWorkers.execute(worker);
            } else {
                options.executor().orElseThrow().execute(worker);
            }
        }
        long tick = Math.max(50, options.lease().toMillis() / 6);
        scheduler.scheduleWithFixedDelay(this::extendLeases, tick, tick, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        if (streamSource != null) {
            livePollers.set(1);
            pollerThreads.add(threads(name + "-stream").newThread(this::streamLoop));
        } else {
            ThreadFactory pollerFactory = threads(name + "-poller");
            livePollers.set(options.pollers());
            for (int i = 0; i < options.pollers(); i++) {
                Thread t = pollerFactory.newThread(this::pollLoop);
                pollerThreads.add(t);
            }
        }
        pollerThreads.forEach(Thread::start);
        LOG.debug("{} started on {} with {}", name, source, options);
        return this;
    }

    // ------------------------------------------------------------------ receiving

    private void pollLoop() {
        int failures = 0;
        try {
            while (state.get() == State.RUNNING) {
                if (!awaitBytesBelowLimit()) {
                    continue;
                }
                if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int asked = 1;
                int more = Math.min(options.batchSize() - 1, permits.availablePermits());
                if (more > 0 && permits.tryAcquire(more)) {
                    asked += more;
                }
                if (state.get() != State.RUNNING) {
                    permits.release(asked);
                    break;
                }
                long before = System.nanoTime();
                List<ReceivedMessage> got;
                try {
                    got = receiver.receive(new ReceiveOptions(asked, options.pollWait(), Optional.of(options.lease())));
                    failures = 0;
                } catch (RuntimeException e) {
                    permits.release(asked);
                    report(Optional.empty(), e);
                    if (e instanceof CloudException ce && PERMANENT.contains(ce.code())) {
                        fail(ce);
                        break;
                    }
                    failures++;
                    Thread.sleep(Math.min(5000, 100L << Math.min(failures, 6)));
                    continue;
                }
                if (got.size() < asked) {
                    permits.release(asked - got.size());
                }
                if (got.isEmpty()) {
                    if (options.pollWait().isZero()) {
                        Thread.sleep(20);
                    }
                    continue;
                }
                received.add(got.size());
                long leaseEnds = before + options.lease().toNanos();
                List<Tracked> unit = new ArrayList<>(got.size());
                for (ReceivedMessage m : got) {
                    Tracked t = new Tracked(m, before, leaseEnds);
                    tracked.put(m.receipt(), t);
                    inFlightBytes.addAndGet(t.bytes);
                    unit.add(t);
                }
                if (state.get() != State.RUNNING) {
                    unit.forEach(this::release);
                    break;
                }
                if (batchHandler != null) {
                    ready.add(unit);
                } else {
                    unit.forEach(t -> ready.add(List.of(t)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            livePollers.decrementAndGet();
        }
    }

    private boolean awaitBytesBelowLimit() throws InterruptedException {
        if (inFlightBytes.get() < options.maxInFlightBytes()) {
            return true;
        }
        settleLock.lock();
        try {
            if (inFlightBytes.get() >= options.maxInFlightBytes()) {
                settled.await(100, TimeUnit.MILLISECONDS);
            }
            return inFlightBytes.get() < options.maxInFlightBytes();
        } finally {
            settleLock.unlock();
        }
    }

    // ------------------------------------------------------------------ streaming

    /** Messages one push delivered, with when they arrived (their leases run from then). */
    private record Pushed(List<ReceivedMessage> messages, long arrivedAt) {
    }

    private static long backoffMillis(int failures) {
        return Math.min(5000, 100L << Math.min(failures, 6));
    }

    private void streamLoop() {
        int failures = 0;
        StreamingReceiverDriver.ReceiveStream stream = null;
        AtomicReference<Optional<CloudException>> ended = new AtomicReference<>();
        long openedAt = 0;
        boolean paused = false;
        BlockingQueue<Pushed> pushes = new LinkedBlockingQueue<>();
        try {
            while (state.get() == State.RUNNING) {
                if (stream == null) {
                    AtomicReference<Optional<CloudException>> end = new AtomicReference<>();
                    ended = end;
                    paused = false;
                    try {
                        stream = streamSource.open(new StreamingReceiverDriver.StreamSettings(options.lease(),
                                        options.maxInFlight(), options.maxInFlightBytes()),
                                new StreamingReceiverDriver.StreamObserver() {
                                    @Override
                                    public void onMessages(List<ReceivedMessage> messages) {
                                        pushes.add(new Pushed(messages, System.nanoTime()));
                                    }

                                    @Override
                                    public void onEnd(Optional<CloudException> error) {
                                        end.compareAndSet(null, error);
                                    }
                                });
                        openedAt = System.nanoTime();
                    } catch (RuntimeException e) {
                        report(Optional.empty(), e);
                        if (e instanceof CloudException ce && PERMANENT.contains(ce.code())) {
                            fail(ce);
                            break;
                        }
                        failures++;
                        Thread.sleep(backoffMillis(failures));
                        continue;
                    }
                }
                boolean waiting;
                synchronized (heldLock) {
                    waiting = !held.isEmpty();
                }
                Pushed got = pushes.poll(waiting || paused ? 5 : 20, TimeUnit.MILLISECONDS);
                if (got != null) {
                    failures = 0;
                    admitPushed(got);
                }
                admitHeld();
                Optional<CloudException> end = ended.get();
                if (end != null && pushes.isEmpty()) {
                    stream.close();
                    stream = null;
                    if (end.isPresent()) {
                        report(Optional.empty(), end.get());
                        if (PERMANENT.contains(end.get().code())) {
                            fail(end.get());
                            break;
                        }
                    }
                    if (System.nanoTime() - openedAt > TimeUnit.SECONDS.toNanos(10)) {
                        failures = 0;
                    }
                    failures++;
                    LOG.debug("{} on {}: the stream ended ({}); reopening", name, source,
                            end.map(Throwable::getMessage).orElse("completed"));
                    Thread.sleep(backoffMillis(failures));
                    continue;
                }
                boolean full;
                synchronized (heldLock) {
                    full = !held.isEmpty();
                }
                full = full || !pushes.isEmpty() || permits.availablePermits() == 0
                        || inFlightBytes.get() >= options.maxInFlightBytes();
                if (full != paused) {
                    paused = full;
                    if (full) {
                        stream.pause();
                    } else {
                        stream.resume();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure while streaming", name, e);
        } finally {
            if (stream != null) {
                try {
                    // close() returns once no push is in progress; the future once the driver nacked late arrivals
                    stream.close().get(STREAM_CLOSE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                         | RuntimeException e) {
                    LOG.warn("{} on {}: the stream did not close within {} s: {}", name, source,
                            STREAM_CLOSE_SECONDS, e.toString());
                }
            }
            Pushed late;
            while ((late = pushes.poll()) != null) {
                late.messages().forEach(this::releaseUntracked);
            }
            releaseHeld();
            livePollers.decrementAndGet();
        }
    }

    private boolean admitOne() {
        return inFlightBytes.get() < options.maxInFlightBytes() && permits.tryAcquire();
    }

    private void track(Tracked t) {
        tracked.put(t.message.receipt(), t);
        inFlightBytes.addAndGet(t.bytes);
    }

    private void admitPushed(Pushed pushed) {
        List<ReceivedMessage> got;
        try {
            got = streamSource.accept(pushed.messages());
        } catch (RuntimeException e) {
            // Not handled now: each message comes back after its lease (at least once, never lost).
            report(Optional.empty(), e);
            return;
        }
        if (got.isEmpty()) {
            return;
        }
        received.add(got.size());
        long leaseEnds = pushed.arrivedAt() + options.lease().toNanos();
        List<Tracked> unit = new ArrayList<>();
        synchronized (heldLock) {
            for (ReceivedMessage m : got) {
                Tracked t = new Tracked(m, pushed.arrivedAt(), leaseEnds);
                if (state.get() != State.RUNNING) {
                    releaseUntracked(m);
                } else if (held.isEmpty() && admitOne()) {
                    track(t);
                    if (batchHandler != null) {
                        unit.add(t);
                        if (unit.size() >= options.batchSize()) {
                            ready.add(unit);
                            unit = new ArrayList<>();
                        }
                    } else {
                        ready.add(List.of(t));
                    }
                } else {
                    held.add(t);
                    heldSet.add(t);
                }
            }
        }
        if (!unit.isEmpty()) {
            ready.add(unit);
        }
    }

    private void admitHeld() {
        synchronized (heldLock) {
            while (!held.isEmpty() && state.get() == State.RUNNING && admitOne()) {
                Tracked t = held.poll();
                heldSet.remove(t);
                track(t);
                ready.add(List.of(t));
            }
        }
    }

    private void releaseHeld() {
        synchronized (heldLock) {
            Tracked t;
            while ((t = held.poll()) != null) {
                heldSet.remove(t);
                releaseUntracked(t.message);
            }
        }
    }

    /** Nacks a pushed message that was never handed to a handler nor counted in flight. */
    private void releaseUntracked(ReceivedMessage m) {
        released.increment();
        pendingNacks.add(m);
        afterSettle();
    }

    private void fail(CloudException e) {
        if (failure.compareAndSet(null, e)) {
            LOG.error("{} on {} stops after a failure retrying cannot fix: {}", name, source, e.getMessage());
            Thread stopper = new Thread(() -> stop(DEFAULT_GRACE), name + "-stopper");
            stopper.setDaemon(true);
            stopper.start();
        }
    }

    // ------------------------------------------------------------------ handling

    private void workLoop() {
        try {
            while (true) {
                List<Tracked> unit = ready.poll(50, TimeUnit.MILLISECONDS);
                if (unit == null) {
                    if (state.get() != State.RUNNING && livePollers.get() == 0 && ready.isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (state.get() != State.RUNNING) {
                    unit.forEach(this::release);
                    continue;
                }
                activeHandlers.incrementAndGet();
                try {
                    if (batchHandler != null) {
                        handleBatch(unit);
                    } else {
                        handleOne(unit.get(0));
                    }
                } finally {
                    activeHandlers.decrementAndGet();
                    signalSettled();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workersDone.countDown();
        }
    }

    private void handleOne(Tracked t) {
        try (HandlerObservation.Handling h = observation.begin(t.message.id(), t.message.attributes())) {
            try {
                handler.handle(t.message);
                h.end(null);
            } catch (Throwable e) {
                h.end(e instanceof CloudException c ? c.code() : ErrorCode.UNKNOWN);
                throw e;
            }
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            report(Optional.of(t.message), e);
            settleFailed(t);
            if (e instanceof Error err && !(e instanceof AssertionError)) {
                throw err;
            }
            return;
        }
        settleAcked(t);
    }

    private void handleBatch(List<Tracked> unit) {
        BatchResult result;
        ReceivedMessage first = unit.get(0).message;
        try (HandlerObservation.Handling h = observation.begin(first.id(), first.attributes(),
                unit.size() == 1 ? List.of() : unit.stream().map(t -> t.message.attributes()).toList())) {
            try {
                result = batchHandler.handle(new MessageBatch(source, unit.stream().map(t -> t.message).toList()));
                if (result == null) {
                    throw new IllegalStateException("The batch handler returned null instead of a BatchResult");
                }
                h.end(null);
            } catch (Throwable e) {
                h.end(e instanceof CloudException c ? c.code() : ErrorCode.UNKNOWN);
                throw e;
            }
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            report(Optional.empty(), e);
            unit.forEach(this::settleFailed);
            if (e instanceof Error err && !(e instanceof AssertionError)) {
                throw err;
            }
            return;
        }
        for (Tracked t : unit) {
            if (result.failedIds().contains(t.message.id())) {
                settleFailed(t);
            } else {
                settleAcked(t);
            }
        }
    }

    // ------------------------------------------------------------------ settling

    private boolean untrack(Tracked t) {
        if (tracked.remove(t.message.receipt(), t)) {
            inFlightBytes.addAndGet(-t.bytes);
            permits.release();
            return true;
        }
        return false;
    }

    private void settleAcked(Tracked t) {
        if (untrack(t)) {
            pendingAcks.add(t.message);
            afterSettle();
        }
    }

    private void settleFailed(Tracked t) {
        if (!untrack(t)) {
            return;
        }
        failed.increment();
        if (options.nackBackoff().isZero()) {
            pendingNacks.add(t.message);
            afterSettle();
        } else {
            try {
                receiver.extendLease(t.message, options.nackBackoff());
            } catch (RuntimeException e) {
                // The lease runs out by itself: the message is redelivered a little earlier or later.
                report(Optional.of(t.message), e);
            }
        }
    }

    private void release(Tracked t) {
        if (untrack(t)) {
            released.increment();
            pendingNacks.add(t.message);
            afterSettle();
        }
    }

    private void afterSettle() {
        if (state.get() == State.TERMINATED || pendingAcks.size() >= maxSettleBatch) {
            flushQuietly();
        }
    }

    private void signalSettled() {
        settleLock.lock();
        try {
            settled.signalAll();
        } finally {
            settleLock.unlock();
        }
    }

    private void flushQuietly() {
        try {
            flush(pendingAcks, true);
            flush(pendingNacks, false);
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure while settling messages", name, e);
        }
    }

    private void flush(ConcurrentLinkedQueue<ReceivedMessage> pending, boolean ack) {
        while (!pending.isEmpty()) {
            List<ReceivedMessage> chunk = new ArrayList<>(maxSettleBatch);
            ReceivedMessage m;
            while (chunk.size() < maxSettleBatch && (m = pending.poll()) != null) {
                chunk.add(m);
            }
            if (chunk.isEmpty()) {
                return;
            }
            try {
                if (ack) {
                    receiver.ack(chunk);
                    acked.add(chunk.size());
                } else {
                    receiver.nack(chunk);
                }
            } catch (RuntimeException e) {
                // Not settled: each message comes back after its lease (at least once, never lost).
                report(Optional.empty(), e);
            }
        }
    }

    // ------------------------------------------------------------------ leases

    private void extendLeases() {
        try {
            long now = System.nanoTime();
            long lease = options.lease().toNanos();
            long maxProcessing = options.maxProcessingTime().toNanos();
            List<Tracked> due = new ArrayList<>();
            List<Tracked> all = new ArrayList<>(tracked.values());
            all.addAll(heldSet);
            for (Tracked t : all) {
                if (!t.extending) {
                    continue;
                }
                if (now - t.receivedAt >= maxProcessing) {
                    t.extending = false;
                    LOG.debug("{}: message {} held past maxProcessingTime; its lease is left to expire", name,
                            t.message.id());
                    continue;
                }
                if (t.leaseEnds - now <= lease * 2 / 3) {
                    due.add(t);
                }
            }
            if (due.isEmpty()) {
                return;
            }
            // Most urgent first, several at once: one extension is one call, and a slow provider must
            // not let the last lease of a long list run out while the first ones are extended.
            due.sort(java.util.Comparator.comparingLong(t -> t.leaseEnds));
            List<java.util.concurrent.Callable<Void>> calls = new ArrayList<>(due.size());
            for (Tracked t : due) {
                calls.add(() -> {
                    extend(t, lease);
                    return null;
                });
            }
            extenders.invokeAll(calls);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure while extending leases", name, e);
        }
    }

    private boolean holds(Tracked t) {
        return tracked.get(t.message.receipt()) == t || heldSet.contains(t);
    }

    private void extend(Tracked t, long lease) {
        if (!holds(t)) {
            return;
        }
        long before = System.nanoTime();
        try {
            receiver.extendLease(t.message, options.lease());
            t.leaseEnds = before + lease;
            extensions.increment();
        } catch (RuntimeException e) {
            if (holds(t)) {
                t.extending = false;
                leasesLost.increment();
                report(Optional.of(t.message), e);
            }
        }
    }

    // ------------------------------------------------------------------ errors

    private void report(Optional<ReceivedMessage> message, Throwable error) {
        try {
            options.errorHandler().onError(message, error);
        } catch (RuntimeException e) {
            LOG.warn("{}: the error handler threw {}", name, e.toString());
        }
    }

    // ------------------------------------------------------------------ stopping

    @Override
    public boolean stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        synchronized (stopLock) {
            if (state.get() == State.TERMINATED) {
                return cleanStop;
            }
            state.compareAndSet(State.RUNNING, State.STOPPING);
            long deadline = System.nanoTime() + grace.toNanos();
            releaseReady();
            try {
                // Running handlers finish (or the grace period ends); workers then find nothing to start.
                while (activeHandlers.get() > 0 && System.nanoTime() < deadline) {
                    settleLock.lock();
                    try {
                        settled.await(10, TimeUnit.MILLISECONDS);
                    } finally {
                        settleLock.unlock();
                    }
                }
                cleanStop = activeHandlers.get() == 0;
                long pollerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5) + (streamSource != null
                        ? TimeUnit.SECONDS.toNanos(STREAM_CLOSE_SECONDS) : options.pollWait().toNanos());
                for (Thread t : pollerThreads) {
                    long left = pollerDeadline - System.nanoTime();
                    if (left > 0) {
                        TimeUnit.NANOSECONDS.timedJoin(t, left);
                    }
                }
                releaseReady();
                if (!cleanStop) {
                    LOG.warn("{} on {}: {} handler(s) still running after the grace period of {}; their messages "
                            + "will be redelivered after their lease", name, source, activeHandlers.get(), grace);
                    tracked.values().forEach(t -> t.extending = false);
                    if (ownWorkers != null) {
                        ownWorkers.shutdownNow();
                    }
                } else {
                    workersDone.await(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cleanStop = false;
            } finally {
                scheduler.shutdown();
                try {
                    scheduler.awaitTermination(5, TimeUnit.SECONDS);
                    extenders.shutdown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                state.set(State.TERMINATED);
                flushQuietly();
                if (ownWorkers != null) {
                    ownWorkers.shutdown();
                }
                terminated.countDown();
                LOG.debug("{} on {} stopped: {}", name, source, stats());
            }
            return cleanStop;
        }
    }

    private void releaseReady() {
        List<Tracked> unit;
        while ((unit = ready.poll()) != null) {
            unit.forEach(this::release);
        }
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isRunning() {
        return state.get() == State.RUNNING && failure.get() == null;
    }

    @Override
    public Optional<CloudException> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public ListenerStats stats() {
        return new ListenerStats(received.sum(), acked.sum(), failed.sum(), released.sum(), extensions.sum(),
                leasesLost.sum(), tracked.size(), inFlightBytes.get());
    }

    @Override
    public String toString() {
        return "Listener[" + source + ", " + (isRunning() ? "running" : state.get().name().toLowerCase()) + "]";
    }
}

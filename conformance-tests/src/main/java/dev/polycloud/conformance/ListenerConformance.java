package dev.polycloud.conformance;

import static dev.polycloud.conformance.CloudAssertions.assertInvalidArgument;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.ErrorCode;
import dev.polycloud.function.BatchResult;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.listen.ListenerStats;
import dev.polycloud.message.Message;
import dev.polycloud.message.MessageReceiver;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The managed listener contract ({@link Listener}): ack on success, nack and redelivery on failure,
 * no loss under failures and slow handlers, lease extension, flow control by count and bytes, batch
 * handlers with partial failure, redelivery backoff, dead-lettering of poison messages without
 * stalling, a clean stop that loses nothing and redelivers nothing that completed, and failures
 * retrying cannot fix.
 *
 * <p>Runners on slow emulators may scale the load down with {@link #noLossMessages()}.
 */
@DisplayName("Listeners")
public abstract class ListenerConformance extends ConformanceSuite {

    /**
     * How many messages the no-loss test sends; 2,000 by default. Runners on slow emulators may
     * lower it (the proportions of failing and slow handlers stay the same).
     *
     * @return the message count
     */
    protected int noLossMessages() {
        return 2000;
    }

    /** A fresh queue whose default lease is the target's short lease, deleted when the class is done. */
    protected Queue newQueue() {
        return newQueue(QueueOptions.builder().defaultLease(target().shortLease()).build());
    }

    /** A fresh queue with these options, deleted when the class is done. */
    protected Queue newQueue(QueueOptions options) {
        Queue q = cloud.queue(uniqueName("lq"));
        afterwards(q::delete);
        return q.create(options);
    }

    /**
     * Listener options tuned to the target: its short lease and one-second polls; handler failures
     * (most of them on purpose) are not logged.
     */
    protected ListenerOptions.Builder options() {
        return ListenerOptions.builder().lease(target().shortLease()).pollWait(Duration.ofSeconds(1))
                .errorHandler((message, error) -> { });
    }

    /** Sends {@code count} messages with bodies {@code m-0 … m-(count-1)} and returns the bodies. */
    protected static List<String> sendNumbered(Queue q, int count) {
        List<String> bodies = IntStream.range(0, count).mapToObj(i -> "m-" + i).toList();
        for (int i = 0; i < count; i += Queue.MAX_BATCH) {
            q.sendBatch(bodies.subList(i, Math.min(count, i + Queue.MAX_BATCH)).stream().map(Message::of).toList());
        }
        return bodies;
    }

    /** Waits until the condition holds, up to {@code timeout}; returns whether it did. */
    protected static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(20));
        }
        return true;
    }

    /**
     * Receives and acks everything left on the receiver until {@code quiet} passes with nothing new.
     *
     * @return the bodies drained
     */
    protected List<String> drain(MessageReceiver receiver, Duration quiet) {
        List<String> got = new ArrayList<>();
        long quietUntil = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < quietUntil) {
            List<ReceivedMessage> batch = receiver.receive(10, Duration.ofMillis(500));
            if (!batch.isEmpty()) {
                receiver.ack(batch);
                got.addAll(bodies(batch));
                quietUntil = System.nanoTime() + quiet.toNanos();
            }
        }
        return got;
    }

    private Duration quietAfterLease() {
        return target().shortLease().plus(quietWindow());
    }

    @Nested
    @DisplayName("handling messages")
    class Handling {

        @Test
        @DisplayName("acks every message whose handler returns, so none is delivered again")
        void acksOnReturn() {
            Queue q = newQueue();
            List<String> sent = sendNumbered(q, 25);
            Set<String> handled = ConcurrentHashMap.newKeySet();
            try (Listener listener = q.listen(m -> handled.add(m.bodyAsString()), options().build())) {
                assertThat(await(() -> listener.stats().acked() >= 25, target().patience()))
                        .as("all acked, stats %s", listener.stats()).isTrue();
                assertThat(listener.isRunning()).isTrue();
            }
            assertThat(handled).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(drain(q, quietAfterLease())).as("messages delivered again after their ack").isEmpty();
        }

        @Test
        @DisplayName("loses nothing when handlers throw on a tenth of the messages and sleep past the lease on a fiftieth")
        void noLoss() {
            Queue q = newQueue();
            int count = noLossMessages();
            Duration lease = target().shortLease();
            List<String> sent = sendNumbered(q, count);
            Set<String> succeeded = ConcurrentHashMap.newKeySet();
            Set<String> running = ConcurrentHashMap.newKeySet();
            List<String> overlapping = new CopyOnWriteArrayList<>();
            List<String> slowRedelivered = new CopyOnWriteArrayList<>();
            AtomicInteger threw = new AtomicInteger();
            ListenerOptions options = options().concurrency(8).batchSize(10).build();
            try (Listener listener = q.listen(m -> {
                String body = m.bodyAsString();
                int n = Integer.parseInt(body.substring(2));
                if (!running.add(body)) {
                    overlapping.add(body);
                }
                try {
                    if (n % 10 == 3 && m.deliveryCount() == 1) {
                        threw.incrementAndGet();
                        throw new IllegalStateException("failing on purpose: " + body);
                    }
                    if (n % 50 == 7) {
                        if (m.deliveryCount() > 1) {
                            slowRedelivered.add(body + " (delivery " + m.deliveryCount() + ")");
                        }
                        Thread.sleep(lease.toMillis() * 3 / 2);
                    }
                    succeeded.add(body);
                } finally {
                    running.remove(body);
                }
            }, options)) {
                Duration timeout = Duration.ofSeconds(60).plus(lease.multipliedBy(count / 50 / 8 * 2 + 4));
                boolean done = await(() -> succeeded.size() == count, timeout);
                assertThat(done).as("every message handled successfully within %s; missing %d, stats %s",
                        timeout, count - succeeded.size(), listener.stats()).isTrue();
                assertThat(await(() -> listener.stats().acked() >= count, target().patience()))
                        .as("acked, stats %s", listener.stats()).isTrue();
            }
            assertThat(threw.get()).isGreaterThanOrEqualTo(count / 10);
            assertThat(succeeded).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(overlapping).as("messages delivered again while their handler ran").isEmpty();
            assertThat(slowRedelivered).as("slow messages redelivered although their lease was extended").isEmpty();
            assertThat(drain(q, quietAfterLease())).as("messages left or redelivered after their ack").isEmpty();
        }

        @Test
        @DisplayName("extends the lease of a message whose handler runs longer than the lease")
        void extendsLease() {
            Queue q = newQueue();
            q.send("slow");
            Duration lease = target().shortLease();
            List<Integer> deliveries = new CopyOnWriteArrayList<>();
            try (Listener listener = q.listen(m -> {
                deliveries.add(m.deliveryCount());
                Thread.sleep(lease.toMillis() * 2);
            }, options().build())) {
                assertThat(await(() -> listener.stats().acked() == 1, lease.multipliedBy(3).plus(target().patience())))
                        .as("acked, stats %s", listener.stats()).isTrue();
                assertThat(listener.stats().leaseExtensions()).isPositive();
                assertThat(listener.stats().leasesLost()).isZero();
            }
            assertThat(deliveries).containsExactly(1);
        }

        @Test
        @DisplayName("runs handlers on an executor the user supplies")
        void userExecutor() throws Exception {
            Queue q = newQueue();
            sendNumbered(q, 10);
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "user-pool-thread"));
            Set<String> threads = ConcurrentHashMap.newKeySet();
            try (Listener listener = q.listen(m -> threads.add(Thread.currentThread().getName()),
                    options().concurrency(2).executor(executor).build())) {
                assertThat(await(() -> listener.stats().acked() == 10, target().patience())).isTrue();
            } finally {
                executor.shutdown();
            }
            assertThat(threads).containsOnly("user-pool-thread");
        }

        @Test
        @DisplayName("hands batches to a batch handler and redelivers only the messages it reports failed")
        void batchPartialFailure() {
            Queue q = newQueue();
            List<String> sent = sendNumbered(q, 30);
            Set<String> succeeded = ConcurrentHashMap.newKeySet();
            List<Integer> sizes = new CopyOnWriteArrayList<>();
            AtomicInteger failedOnce = new AtomicInteger();
            try (Listener listener = q.listenBatch(batch -> {
                sizes.add(batch.messages().size());
                assertThat(batch.source()).isEqualTo("queue/" + q.name());
                Set<String> failedIds = new HashSet<>();
                for (ReceivedMessage m : batch.messages()) {
                    if (m.bodyAsString().endsWith("3") && m.deliveryCount() == 1) {
                        failedIds.add(m.id());
                        failedOnce.incrementAndGet();
                    } else {
                        succeeded.add(m.bodyAsString());
                    }
                }
                return BatchResult.failed(failedIds);
            }, options().batchSize(5).build())) {
                assertThat(await(() -> succeeded.size() == 30, target().patience().multipliedBy(2)))
                        .as("all handled, stats %s", listener.stats()).isTrue();
                assertThat(listener.stats().failed()).isEqualTo(failedOnce.get());
            }
            assertThat(failedOnce.get()).isEqualTo(3);
            assertThat(sizes).allSatisfy(s -> assertThat(s).isBetween(1, 5));
            assertThat(succeeded).containsExactlyInAnyOrderElementsOf(sent);
        }

        @Test
        @DisplayName("keeps a failed message invisible for the nack backoff before redelivering it")
        void nackBackoff() {
            Queue q = newQueue();
            q.send("retry-me");
            Duration backoff = Duration.ofSeconds(3);
            Map<Integer, Long> seenAt = new ConcurrentHashMap<>();
            try (Listener listener = q.listen(m -> {
                seenAt.put(m.deliveryCount(), System.nanoTime());
                if (m.deliveryCount() == 1) {
                    throw new IllegalStateException("first delivery fails");
                }
            }, options().nackBackoff(backoff).build())) {
                assertThat(await(() -> listener.stats().acked() == 1, backoff.plus(target().patience())))
                        .as("redelivered and acked, stats %s", listener.stats()).isTrue();
            }
            long gapMillis = (seenAt.get(2) - seenAt.get(1)) / 1_000_000;
            assertThat(gapMillis).as("time between the failure and the redelivery")
                    .isGreaterThanOrEqualTo(backoff.toMillis() - 500);
        }

        @Test
        @DisplayName("dead-letters a message that always fails, without stalling the others")
        void poisonMessage() {
            Queue dlq = newQueue();
            Queue q = newQueue(QueueOptions.builder().defaultLease(target().shortLease())
                    .deadLetter(dlq.name(), 2).build());
            q.send("poison");
            List<String> good = sendNumbered(q, 20);
            Set<String> succeeded = ConcurrentHashMap.newKeySet();
            try (Listener listener = q.listen(m -> {
                if (m.bodyAsString().equals("poison")) {
                    throw new IllegalStateException("poison");
                }
                succeeded.add(m.bodyAsString());
            }, options().concurrency(2).build())) {
                assertThat(await(() -> succeeded.size() == 20, target().patience()))
                        .as("the other messages are handled, stats %s", listener.stats()).isTrue();
                List<ReceivedMessage> dead = receiveAtLeast(dlq, 1);
                assertThat(bodies(dead)).containsExactly("poison");
                dlq.ack(dead);
            }
            assertThat(succeeded).containsExactlyInAnyOrderElementsOf(good);
        }

        @Test
        @DisplayName("consumes a topic subscription the same way")
        void subscription() {
            assumeTopics();
            Topic topic = cloud.topic(uniqueName("lt")).create();
            afterwards(topic::delete);
            Subscription sub = topic.subscription(uniqueName("ls"));
            afterwards(sub::delete);
            sub.create();
            List<String> sent = IntStream.range(0, 15).mapToObj(i -> "s-" + i).toList();
            topic.publishBatch(sent.stream().map(Message::of).toList());
            Set<String> handled = ConcurrentHashMap.newKeySet();
            try (Listener listener = sub.listen(m -> handled.add(m.bodyAsString()), options().build())) {
                assertThat(await(() -> listener.stats().acked() >= 15, target().patience()))
                        .as("all acked, stats %s", listener.stats()).isTrue();
            }
            assertThat(handled).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Nested
    @DisplayName("flow control")
    class FlowControl {

        @Test
        @DisplayName("never has more messages in flight than maxInFlight, whatever the concurrency")
        void byCount() {
            Queue q = newQueue();
            sendNumbered(q, 40);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            AtomicInteger maxInFlight = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            Listener[] self = new Listener[1];
            try (Listener listener = q.listen(m -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                Listener l = self[0];
                if (l != null) {
                    maxInFlight.accumulateAndGet(l.stats().inFlight(), Math::max);
                }
                Thread.sleep(20);
                running.decrementAndGet();
                done.incrementAndGet();
            }, options().concurrency(8).maxInFlight(3).batchSize(10).build())) {
                self[0] = listener;
                assertThat(await(() -> done.get() == 40, target().patience().multipliedBy(2))).isTrue();
            }
            assertThat(maxRunning.get()).as("handlers running at once").isBetween(1, 3);
            assertThat(maxInFlight.get()).as("messages in flight").isBetween(1, 3);
        }

        @Test
        @DisplayName("pauses receiving while the bytes in flight reach maxInFlightBytes")
        void byBytes() {
            Queue q = newQueue();
            String padding = "x".repeat(100);
            for (int i = 0; i < 12; i++) {
                q.send(padding + i);
            }
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            try (Listener listener = q.listen(m -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(30);
                running.decrementAndGet();
                done.incrementAndGet();
            }, options().concurrency(6).batchSize(1).maxInFlightBytes(150).build())) {
                assertThat(await(() -> done.get() == 12, target().patience().multipliedBy(2))).isTrue();
            }
            // Under 150 bytes another 1-message receive may start: at most two 101-byte messages at once.
            assertThat(maxRunning.get()).as("handlers running at once").isBetween(1, 2);
        }
    }

    @Nested
    @DisplayName("stopping")
    class Stopping {

        @Test
        @DisplayName("under load loses nothing and redelivers no message whose handler completed")
        void cleanStopUnderLoad() {
            Queue q = newQueue();
            int count = 200;
            List<String> sent = sendNumbered(q, count);
            Set<String> completed = ConcurrentHashMap.newKeySet();
            Listener listener = q.listen(m -> {
                Thread.sleep(10);
                completed.add(m.bodyAsString());
            }, options().concurrency(4).build());
            assertThat(await(() -> completed.size() >= 40, target().patience())).isTrue();
            boolean clean = listener.stop(Duration.ofSeconds(30));
            ListenerStats stats = listener.stats();
            assertThat(clean).isTrue();
            assertThat(listener.isRunning()).isFalse();
            assertThat(stats.inFlight()).isZero();
            Set<String> completedAtStop = Set.copyOf(completed);
            List<String> rest = drain(q, quietAfterLease());
            assertThat(rest).as("messages whose handler completed, delivered again").doesNotContainAnyElementsOf(completedAtStop);
            Set<String> all = new HashSet<>(completedAtStop);
            all.addAll(rest);
            assertThat(all).as("completed before the stop or still on the queue").containsExactlyInAnyOrderElementsOf(sent);
            assertThat(rest).doesNotHaveDuplicates();
        }

        @Test
        @DisplayName("reports the stop as not clean when a handler outlives the grace period, and leaves its message on the queue")
        void graceExceeded() throws Exception {
            Queue q = newQueue();
            q.send("stuck");
            AtomicInteger started = new AtomicInteger();
            Listener listener = q.listen(m -> {
                started.incrementAndGet();
                Thread.sleep(60_000);
            }, options().build());
            assertThat(await(() -> started.get() == 1, target().patience())).isTrue();
            assertThat(listener.stop(Duration.ofMillis(200))).isFalse();
            assertThat(listener.awaitTermination(Duration.ofSeconds(1))).isTrue();
            List<ReceivedMessage> again = receiveAtLeast(q, 1);
            assertThat(bodies(again)).containsExactly("stuck");
            q.ack(again);
        }

        @Test
        @DisplayName("stops by itself with NOT_FOUND when the queue does not exist")
        void missingQueue() throws Exception {
            Queue q = cloud.queue(uniqueName("missing"));
            List<Throwable> reported = new CopyOnWriteArrayList<>();
            Listener listener = q.listen(m -> { }, options().errorHandler((m, e) -> reported.add(e)).build());
            assertThat(listener.awaitTermination(target().patience())).isTrue();
            assertThat(listener.isRunning()).isFalse();
            assertThat(listener.failure()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(reported).isNotEmpty();
            assertThat(listener.stop(Duration.ZERO)).isTrue();
        }
    }

    @Nested
    @DisplayName("options")
    class Options {

        @Test
        @DisplayName("refuses a lease over the provider's maxLease before receiving anything")
        void leaseOverMax() {
            Queue q = newQueue();
            Duration tooLong = capabilities().queues().limits().maxLease().plusSeconds(1);
            assertInvalidArgument(() -> q.listen(m -> { }, ListenerOptions.builder().lease(tooLong).build()));
            assertInvalidArgument(() -> q.listen(m -> { }, ListenerOptions.builder().nackBackoff(tooLong).build()));
        }

        @Test
        @DisplayName("refuses out-of-range options with INVALID_ARGUMENT")
        void outOfRange() {
            assertInvalidArgument(() -> ListenerOptions.builder().concurrency(0).build());
            assertInvalidArgument(() -> ListenerOptions.builder().batchSize(1001).build());
            assertInvalidArgument(() -> ListenerOptions.builder().maxInFlight(0));
            assertInvalidArgument(() -> ListenerOptions.builder().maxInFlightBytes(0).build());
            assertInvalidArgument(() -> ListenerOptions.builder().lease(Duration.ofMillis(500)).build());
            assertInvalidArgument(() -> ListenerOptions.builder().nackBackoff(Duration.ofMillis(500)).build());
            assertInvalidArgument(() -> ListenerOptions.builder().pollWait(Duration.ofSeconds(21)).build());
        }

        @Test
        @DisplayName("defaults to concurrency 4, batches of 10 and batchSize + 2 × concurrency in flight")
        void defaults() {
            ListenerOptions d = ListenerOptions.defaults();
            assertThat(d.concurrency()).isEqualTo(4);
            assertThat(d.batchSize()).isEqualTo(10);
            assertThat(d.maxInFlight()).isEqualTo(18);
            assertThat(d.executor()).isEmpty();
            assertThat(d.nackBackoff()).isZero();
        }
    }
}

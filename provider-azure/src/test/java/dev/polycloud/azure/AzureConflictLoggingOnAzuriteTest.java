package dev.polycloud.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.Azurite;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.WriteCondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 9 §7: an expected conflict that the table driver handles (a lost insert-if-absent race, a stale
 * version, a replace, conditional delete or get of a missing item) is an outcome, not a failure, so the Azure
 * SDK must not log it at ERROR. Checked on Azurite with the SDK's loggers turned on at ERROR and 16 threads
 * racing on the same keys, blocking and asynchronous calls alike; and likewise for acks and nacks of queue
 * deliveries that are over (stale pop receipts, a no-op in the portable contract).
 */
@DisplayName("Azure tables and queues on Azurite: handled conflicts log no ERROR")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureConflictLoggingOnAzuriteTest {

    private static final int THREADS = 16;
    private static final int ROUNDS = 6;
    private static final int KEYS = 3;

    private Cloud cloud;
    private Table table;

    @BeforeAll
    void open() {
        cloud = Polycloud.open(PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.connection-string", Azurite.shared().connectionString()).build());
        table = cloud.table("conflicts-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36))
                .createTable(TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG));
    }

    @AfterAll
    void close() {
        if (table != null) {
            table.deleteTable();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    @DisplayName("16 threads racing inserts, versioned puts, replaces, conditional deletes and gets on the same keys")
    void racingConflicts() throws Exception {
        Map<ErrorCode, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        try (AzureErrorLogCapture capture = AzureErrorLogCapture.start()) {
            assertThat(capture.probe()).as("the capture sees a com.azure ERROR").isTrue();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int round = 0; round < ROUNDS; round++) {
                            for (int k = 0; k < KEYS; k++) {
                                race(thread, round, k, outcomes);
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(outcomes.getOrDefault(ErrorCode.ALREADY_EXISTS, new AtomicInteger()).get())
                    .as("lost insert races").isPositive();
            assertThat(outcomes.getOrDefault(ErrorCode.PRECONDITION_FAILED, new AtomicInteger()).get())
                    .as("stale versions").isPositive();
            assertThat(outcomes.getOrDefault(ErrorCode.NOT_FOUND, new AtomicInteger()).get())
                    .as("replaces and conditional deletes of missing items").isPositive();
            assertThat(capture.azureErrors()).as("ERROR lines of the Azure SDK").isEmpty();
        }
        assertThat(outcomes.keySet()).as("only expected outcomes: %s", outcomes)
                .isSubsetOf(ErrorCode.ALREADY_EXISTS, ErrorCode.PRECONDITION_FAILED, ErrorCode.NOT_FOUND);
    }

    @Test
    @DisplayName("acks and nacks of deliveries that are over (stale pop receipts), blocking and async, log no ERROR")
    void staleQueueReceipts() throws Exception {
        Queue q = cloud.queue("stale-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36))
                .create();
        try (AzureErrorLogCapture capture = AzureErrorLogCapture.start()) {
            q.send("x");
            q.send("y");
            List<ReceivedMessage> got = new ArrayList<>();
            for (int i = 0; i < 10 && got.size() < 2; i++) {
                got.addAll(q.receive(2 - got.size(), Duration.ofSeconds(5)));
            }
            assertThat(got).hasSize(2);
            q.ack(got.get(0));
            q.ack(got.get(0));
            join(q.async().ack(got.get(0)));
            q.nack(got.get(0));
            q.extendLease(got.get(1), Duration.ofSeconds(5));
            q.ack(got.get(1));
            q.nack(got.get(1));
            join(q.async().nack(got.get(1)));
            assertThat(q.approximateDepth()).as("messages left: every ack counted, the late nacks were no-ops").isZero();
            assertThat(capture.azureErrors()).as("ERROR lines of the Azure SDK").isEmpty();
        } finally {
            q.delete();
        }
    }

    /** One thread's turn on one key: each call may lose a race, and only the expected codes may come back. */
    private void race(int thread, int round, int k, Map<ErrorCode, AtomicInteger> outcomes) throws Exception {
        String pk = "r" + round + "-" + k;
        Item item = Item.builder().put("pk", pk).put("sk", 1L).put("by", (long) thread).build();
        boolean async = thread % 2 == 1;
        switch (thread % 4) {
            case 0, 1 -> {
                attempt(outcomes, () -> {
                    if (async) {
                        join(table.async().insert(item));
                    } else {
                        table.insert(item);
                    }
                });
                Optional<Item> read = table.get(Key.of(pk, 1L));
                if (read.isPresent()) {
                    Item next = read.get().toBuilder().put("by", (long) thread + 100).build();
                    attempt(outcomes, () -> {
                        WriteCondition stale = WriteCondition.ifVersion(read.get().version().orElseThrow());
                        if (async) {
                            join(table.async().put(next, stale));
                        } else {
                            table.put(next, stale);
                        }
                    });
                }
            }
            case 2 -> {
                attempt(outcomes, () -> table.replace(Item.builder().put("pk", "missing-" + pk).put("sk", 1L)
                        .build()));
                assertThat(table.get(Key.of("missing-" + pk, 1L))).isEmpty();
                assertThat(join(table.async().get(Key.of("missing-" + pk, 2L)))).isEmpty();
            }
            default -> {
                attempt(outcomes, () -> table.delete(Key.of("missing-" + pk, 1L), WriteCondition.mustExist()));
                attempt(outcomes, () -> table.put(item, WriteCondition.mustNotExist()));
            }
        }
    }

    private static void attempt(Map<ErrorCode, AtomicInteger> outcomes, Runnable call) {
        try {
            call.run();
        } catch (CloudException e) {
            outcomes.computeIfAbsent(e.code(), c -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof CloudException c) {
                throw c;
            }
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

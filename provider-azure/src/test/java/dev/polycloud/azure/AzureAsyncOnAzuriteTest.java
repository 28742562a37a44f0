package dev.polycloud.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.data.tables.TableServiceAsyncClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueServiceAsyncClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.azure.queues.AzureQueueDriver;
import dev.polycloud.emulators.Azurite;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceiveOptions;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Page;
import dev.polycloud.table.Query;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.WriteCondition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;

/**
 * The asynchronous API on Azure runs on the Azure SDK's asynchronous clients ({@code QueueAsyncClient},
 * {@code TableAsyncClient}), not on the blocking pool: checked on Azurite with a pipeline policy that counts
 * the asynchronous ({@code process}) and blocking ({@code processSync}) passes of the drivers' requests, by
 * looking at the threads while an asynchronous receive waits, and with the cases the shared suite does not
 * reach (deliveries acked while their leases are extended, batches of which some sends fail).
 */
@DisplayName("Azure asynchronous API on Azurite: native asynchronous clients")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureAsyncOnAzuriteTest {

    private final Passes passes = new Passes();
    private Cloud cloud;

    /** Counts the requests that go through the pipeline asynchronously and blocking. */
    static final class Passes implements HttpPipelinePolicy {
        final AtomicInteger async = new AtomicInteger();
        final AtomicInteger sync = new AtomicInteger();

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            async.incrementAndGet();
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            sync.incrementAndGet();
            return next.processSync();
        }
    }

    @BeforeAll
    void open() {
        PolycloudConfig config = PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.connection-string", Azurite.shared().connectionString()).build();
        cloud = Polycloud.builder().config(config)
                .customize(QueueServiceClientBuilder.class, b -> b.addPolicy(passes))
                .customize(TableServiceClientBuilder.class, b -> b.addPolicy(passes))
                .open();
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static String name(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /** Runs the calls and returns how many requests went through the blocking pipeline meanwhile. */
    private int blockingPassesDuring(ThrowingRunnable calls) throws Exception {
        int before = passes.sync.get();
        int asyncBefore = passes.async.get();
        calls.run();
        assertThat(passes.async.get()).as("asynchronous requests").isGreaterThan(asyncBefore);
        return passes.sync.get() - before;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Nested
    @DisplayName("queues")
    class Queues {

        @Test
        @DisplayName("send, batch send, receive, ack and nack go through the asynchronous client only")
        void nativePath() throws Exception {
            Queue q = cloud.queue(name("native")).create();
            try {
                q.options(); // the default lease is known: the receive needs no extra read
                int blocking = blockingPassesDuring(() -> {
                    await(q.async().send("one"));
                    await(q.async().sendBatch(List.of(Message.of("two"), Message.of("three"))));
                    List<ReceivedMessage> got = new ArrayList<>();
                    for (int i = 0; i < 20 && got.size() < 3; i++) {
                        got.addAll(await(q.async().receive(3, Duration.ofSeconds(2))));
                    }
                    assertThat(got).extracting(ReceivedMessage::bodyAsString)
                            .containsExactlyInAnyOrder("one", "two", "three");
                    await(q.async().nack(got.get(0)));
                    await(q.async().ack(got.subList(1, 3)));
                    List<ReceivedMessage> again = await(q.async().receive(1, Duration.ofSeconds(5)));
                    assertThat(again).singleElement().satisfies(m -> assertThat(m.deliveryCount()).isEqualTo(2));
                    await(q.async().ack(again));
                });
                assertThat(blocking).as("requests through the blocking pipeline").isZero();
            } finally {
                q.delete();
            }
        }

        @Test
        @DisplayName("a waiting async receive holds no thread, and returns the message sent meanwhile")
        void waitingReceiveHoldsNoThread() throws Exception {
            Queue q = cloud.queue(name("wait")).create();
            try {
                q.options();
                CompletableFuture<List<ReceivedMessage>> pending = q.async().receive(1, Duration.ofSeconds(10));
                int samples = 10;
                Map<String, Integer> inDriver = new java.util.HashMap<>();
                List<String> blocked = new ArrayList<>();
                for (int i = 0; i < samples; i++) {
                    Thread.sleep(80);
                    Thread.getAllStackTraces().forEach((thread, frames) -> {
                        if (thread == Thread.currentThread() || Arrays.stream(frames)
                                .noneMatch(f -> f.getClassName().startsWith(AzureQueueDriver.class.getName()))) {
                            return;
                        }
                        inDriver.merge(thread.getName(), 1, Integer::sum);
                        if (thread.getName().startsWith("polycloud-blocking-async") || Arrays.stream(frames)
                                .anyMatch(f -> f.getClassName().equals(AzureQueueDriver.class.getName())
                                        && (f.getMethodName().equals("receive") || f.getMethodName().equals("sleep")))) {
                            blocked.add(thread.getName());
                        }
                    });
                }
                assertThat(pending).isNotDone();
                assertThat(blocked).as("threads in the blocking receive or on the blocking pool").isEmpty();
                // A continuation between two polls may be caught running; no thread stays in the driver.
                assertThat(inDriver).as("threads seen inside the queue driver, by samples")
                        .allSatisfy((thread, hits) -> assertThat(hits).as(thread).isLessThan(samples / 2));
                String id = await(q.async().send("hello"));
                List<ReceivedMessage> got = await(pending);
                assertThat(got).singleElement().satisfies(m -> {
                    assertThat(m.id()).isEqualTo(id);
                    assertThat(m.bodyAsString()).isEqualTo("hello");
                });
                await(q.async().ack(got));
            } finally {
                q.delete();
            }
        }

        @Test
        @DisplayName("async acks racing blocking lease extensions of the same deliveries still delete every message")
        void asyncAckRacingExtend() throws Exception {
            Queue q = cloud.queue(name("race")).create();
            try {
                int count = 30;
                await(q.async().sendBatch(IntStream.range(0, 10).mapToObj(i -> Message.of("a-" + i)).toList()));
                await(q.async().sendBatch(IntStream.range(0, 10).mapToObj(i -> Message.of("b-" + i)).toList()));
                await(q.async().sendBatch(IntStream.range(0, 10).mapToObj(i -> Message.of("c-" + i)).toList()));
                List<ReceivedMessage> got = new ArrayList<>();
                while (got.size() < count) {
                    List<ReceivedMessage> batch = await(q.async().receive(ReceiveOptions.of(10, Duration.ofSeconds(5))
                            .withLease(Duration.ofSeconds(2))));
                    assertThat(batch).as("received %d of %d", got.size(), count).isNotEmpty();
                    got.addAll(batch);
                }
                ExecutorService pool = Executors.newFixedThreadPool(6);
                try {
                    List<Future<?>> extensions = new ArrayList<>();
                    List<CompletableFuture<Void>> acks = new ArrayList<>();
                    for (ReceivedMessage m : got) {
                        extensions.add(pool.submit(() -> {
                            try {
                                q.extendLease(m, Duration.ofSeconds(30));
                                q.extendLease(m, Duration.ofSeconds(30));
                            } catch (CloudException lost) {
                                // the ack came first: the delivery is over, which is fine
                                assertThat(lost.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
                            }
                            return null;
                        }));
                        acks.add(q.async().ack(m));
                        acks.add(q.async().ack(m)); // twice: idempotent, and ordered after the first
                    }
                    for (CompletableFuture<Void> ack : acks) {
                        await(ack);
                    }
                    for (Future<?> e : extensions) {
                        e.get(60, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                // An ack refused as stale would leave the message invisible for 30 s, but still counted.
                assertThat(q.approximateDepth()).as("messages left after every delivery was acked").isZero();
            } finally {
                q.delete();
            }
        }

        @Test
        @DisplayName("a batch whose some sends fail has the others' ids and each failure in its entry")
        void partialBatch() throws Exception {
            String queueName = name("partial");
            Queue q = cloud.queue(queueName).create();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            HttpPipelinePolicy failDelayed = new HttpPipelinePolicy() {
                @Override
                public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                    return Mono.defer(() -> {
                        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        String query = String.valueOf(context.getHttpRequest().getUrl().getQuery());
                        if (query.contains("visibilitytimeout=1")) {
                            return Mono.<HttpResponse>error(new IOException("injected: connection reset"));
                        }
                        return next.process();
                    }).doOnSuccess(r -> inFlight.decrementAndGet()) // before the answer goes on to the driver
                            .doOnError(e -> inFlight.decrementAndGet());
                }

                @Override
                public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                    if (String.valueOf(context.getHttpRequest().getUrl().getQuery()).contains("visibilitytimeout=1")) {
                        throw new UncheckedIOException(new IOException("injected: connection reset"));
                    }
                    return next.processSync();
                }
            };
            String connection = Azurite.shared().connectionString();
            QueueServiceAsyncClient async = new QueueServiceClientBuilder().connectionString(connection)
                    .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, Duration.ofSeconds(30), null, null,
                            null))
                    .addPolicy(failDelayed).buildAsyncClient();
            AzureQueueDriver driver = new AzureQueueDriver(queueName,
                    () -> new QueueServiceClientBuilder().connectionString(connection).buildClient()
                            .getQueueClient(queueName),
                    () -> async.getQueueAsyncClient(queueName), Clock.systemUTC());
            try {
                List<Message> messages = IntStream.range(0, 40).mapToObj(i -> i % 4 == 3
                        ? Message.builder().body("late-" + i).delay(Duration.ofSeconds(1)).build()
                        : Message.of("now-" + i)).toList();
                BatchOutcome<String> outcome = await(driver.sendAsync(messages));
                assertThat(outcome.size()).isEqualTo(40);
                for (int i = 0; i < 40; i++) {
                    if (i % 4 == 3) {
                        assertThat(outcome.succeeded(i)).as("entry %d", i).isFalse();
                        assertThat(outcome.failure(i).orElseThrow().code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    } else {
                        assertThat(outcome.succeeded(i)).as("entry %d", i).isTrue();
                        assertThat(outcome.value(i)).isNotBlank();
                    }
                }
                assertThat(most.get()).as("most sends in flight at once").isBetween(2, 16);
                assertThat(q.approximateDepth()).isEqualTo(30);

                List<Message> allLate = List.of(Message.builder().body("x").delay(Duration.ofSeconds(1)).build(),
                        Message.builder().body("y").delay(Duration.ofSeconds(1)).build());
                assertThatThrownBy(() -> driver.sendAsync(allLate).get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause()
                        .isInstanceOfSatisfying(CloudException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            } finally {
                q.delete();
            }
        }
    }

    @Nested
    @DisplayName("tables")
    class Tables {

        @Test
        @DisplayName("get, put, insert, versioned put and ascending query pages go through the asynchronous client only")
        void nativePath() throws Exception {
            Table t = cloud.table(name("native")).createTable(TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG));
            try {
                int blocking = blockingPassesDuring(() -> {
                    Item first = await(t.async().insert(Item.builder().put("pk", "p").put("sk", 1L).build()));
                    for (long i = 2; i <= 5; i++) {
                        await(t.async().put(Item.builder().put("pk", "p").put("sk", i).build()));
                    }
                    Item changed = await(t.async().put(first.toBuilder().put("v", "two").build(),
                            WriteCondition.ifVersion(first.version().orElseThrow())));
                    assertThat(await(t.async().get(Key.of("p", 1L)))).hasValueSatisfying(i -> {
                        assertThat(i.getString("v")).contains("two");
                        assertThat(i.version()).isEqualTo(changed.version());
                    });
                    assertThat(await(t.async().get(Key.of("p", 9L)))).isEmpty();
                    Page<Item> page = await(t.async().query(Query.partition("p").limit(3).build()));
                    assertThat(page.items()).extracting(i -> i.getLong("sk").orElseThrow()).containsExactly(1L, 2L, 3L);
                    Page<Item> rest = await(t.async().query(Query.partition("p").limit(3).build()
                            .withCursor(page.cursor().orElseThrow())));
                    assertThat(rest.items()).extracting(i -> i.getLong("sk").orElseThrow()).containsExactly(4L, 5L);
                    assertThat(rest.cursor()).isEmpty();
                });
                assertThat(blocking).as("requests through the blocking pipeline").isZero();
            } finally {
                t.deleteTable();
            }
        }

        @Test
        @DisplayName("conflicts come back with the blocking path's codes: ALREADY_EXISTS, PRECONDITION_FAILED, NOT_FOUND")
        void conflicts() throws Exception {
            Table t = cloud.table(name("conflict")).createTable(TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG));
            try {
                Item item = Item.builder().put("pk", "c").put("sk", 1L).build();
                Item first = await(t.async().insert(item));
                await(t.async().put(first.toBuilder().put("v", 2L).build()));
                Map<String, CompletableFuture<?>> calls = Map.of(
                        "ALREADY_EXISTS", t.async().insert(item),
                        "PRECONDITION_FAILED", t.async().put(first, WriteCondition.ifVersion(first.version().orElseThrow())),
                        "NOT_FOUND", t.async().put(Item.builder().put("pk", "gone").put("sk", 1L).build(),
                                WriteCondition.mustExist()));
                for (Map.Entry<String, CompletableFuture<?>> call : calls.entrySet()) {
                    assertThatThrownBy(() -> call.getValue().get(60, TimeUnit.SECONDS)).as(call.getKey()).cause()
                            .isInstanceOfSatisfying(CloudException.class,
                                    e -> assertThat(e.code().name()).isEqualTo(call.getKey()));
                }
            } finally {
                t.deleteTable();
            }
        }

        @Test
        @DisplayName("unwrap hands out the asynchronous service clients the drivers use, customised like the blocking ones")
        void unwrapAsyncClients() {
            QueueServiceAsyncClient queues = cloud.unwrap(QueueServiceAsyncClient.class);
            TableServiceAsyncClient tables = cloud.unwrap(TableServiceAsyncClient.class);
            assertThat(queues).isSameAs(cloud.unwrap(QueueServiceAsyncClient.class));
            assertThat(IntStream.range(0, queues.getHttpPipeline().getPolicyCount())
                    .mapToObj(i -> queues.getHttpPipeline().getPolicy(i))).contains(passes);
            assertThat(tables).isSameAs(cloud.unwrap(TableServiceAsyncClient.class));
            int before = passes.async.get();
            tables.listTables().take(1).collectList().block(Duration.ofSeconds(30));
            assertThat(passes.async.get()).as("the unwrapped table client's call went through the customised pipeline")
                    .isGreaterThan(before);
        }
    }
}

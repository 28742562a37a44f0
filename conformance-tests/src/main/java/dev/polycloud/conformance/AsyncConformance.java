package dev.polycloud.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceiveOptions;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.AsyncQueue;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.table.AsyncTable;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Page;
import dev.polycloud.table.Query;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.WriteCondition;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous API ({@code queue.async()}, {@code topic.async()}, {@code subscription.async()},
 * {@code table.async()}): the same round trips, ordering and error codes as the blocking API, with
 * every failure delivered through the future.
 */
@DisplayName("Asynchronous API")
public abstract class AsyncConformance extends ConformanceSuite {

    /** Waits for a future (bounded by the target's patience) and returns its value. */
    protected <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(target().patience().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the future did not complete normally: " + e, e);
        }
    }

    /** Asserts that the future fails with a {@link CloudException} of this code, and returns it. */
    protected static CloudException assertFailsWith(ErrorCode code, CompletableFuture<?> future) {
        CloudException[] seen = new CloudException[1];
        assertThatThrownBy(() -> future.get(60, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.code()).as("error code of %s", e).isEqualTo(code);
                    seen[0] = e;
                });
        return seen[0];
    }

    /** A fresh queue with the target's short lease, deleted when the class is done. */
    protected Queue newQueue(QueueOptions.Builder options) {
        Queue q = cloud.queue(uniqueName("aq"));
        afterwards(q::delete);
        return q.create(options.defaultLease(target().shortLease()).build());
    }

    /** Receives asynchronously until {@code count} messages arrived or patience ran out. */
    protected List<ReceivedMessage> receiveAsync(dev.polycloud.message.AsyncReceiver receiver, int count) {
        List<ReceivedMessage> got = new ArrayList<>();
        long deadline = System.nanoTime() + target().patience().toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(await(receiver.receive(Math.min(10, count - got.size()), Duration.ofSeconds(1))));
        }
        return got;
    }

    @Nested
    @DisplayName("queues")
    class Queues {

        @Test
        @DisplayName("round-trip a message with its body and attributes, and ack it")
        void roundTrip() {
            AsyncQueue q = newQueue(QueueOptions.builder()).async();
            Message sent = Message.builder().body(new byte[] {0, 1, (byte) 0xFF, 42}).attribute("kind", "async").build();
            String id = await(q.send(sent));
            List<ReceivedMessage> got = receiveAsync(q, 1);
            assertThat(got).singleElement().satisfies(m -> {
                assertThat(m.id()).isEqualTo(id);
                assertThat(m.body()).isEqualTo(sent.body());
                assertThat(m.attributes()).containsEntry("kind", "async");
                assertThat(m.deliveryCount()).isEqualTo(1);
            });
            await(q.ack(got));
            assertThat(await(q.receive(10, Duration.ofSeconds(1)))).isEmpty();
        }

        @Test
        @DisplayName("send a batch over the driver's batch size, returning one id per message in order")
        void batchIds() {
            AsyncQueue q = newQueue(QueueOptions.builder()).async();
            List<Message> messages = IntStream.range(0, 25).mapToObj(i -> Message.of("b-" + i)).toList();
            List<String> ids = await(q.sendBatch(messages));
            assertThat(ids).hasSize(25).doesNotHaveDuplicates();
            List<ReceivedMessage> got = receiveAsync(q, 25);
            assertThat(bodies(got)).containsExactlyInAnyOrderElementsOf(texts(messages));
            assertThat(new HashSet<>(got.stream().map(ReceivedMessage::id).toList())).isEqualTo(new HashSet<>(ids));
            await(q.ack(got));
        }

        @Test
        @DisplayName("keep the order of an ordering group on a FIFO queue")
        void fifoOrder() {
            Assumptions.assumeTrue(capabilities().queues().fifo(), "provider '" + cloud.provider() + "' declares no FIFO");
            AsyncQueue q = newQueue(QueueOptions.builder().fifo(true)).async();
            List<Message> messages = IntStream.range(0, 12)
                    .mapToObj(i -> Message.builder().body("f-" + i).orderingGroup("g").build()).toList();
            await(q.sendBatch(messages));
            List<String> order = new ArrayList<>();
            long deadline = System.nanoTime() + target().patience().toNanos();
            while (order.size() < 12 && System.nanoTime() < deadline) {
                List<ReceivedMessage> got = await(q.receive(10, Duration.ofSeconds(1)));
                order.addAll(bodies(got));
                if (!got.isEmpty()) {
                    await(q.ack(got));
                }
            }
            assertThat(order).isEqualTo(texts(messages));
        }

        @Test
        @DisplayName("nack makes a message visible again with a higher delivery count")
        void nack() {
            AsyncQueue q = newQueue(QueueOptions.builder()).async();
            await(q.send("again"));
            ReceivedMessage first = receiveAsync(q, 1).get(0);
            await(q.nack(first));
            List<ReceivedMessage> again = receiveAsync(q, 1);
            assertThat(again).singleElement().satisfies(m -> {
                assertThat(m.id()).isEqualTo(first.id());
                assertThat(m.deliveryCount()).isEqualTo(2);
            });
            await(q.ack(again));
        }

        @Test
        @DisplayName("fail with NOT_FOUND on a missing queue, through the future")
        void missing() {
            AsyncQueue q = cloud.queue(uniqueName("missing")).async();
            CloudException e = assertFailsWith(ErrorCode.NOT_FOUND, q.send("x"));
            assertThat(e.provider()).contains(cloud.provider());
            assertFailsWith(ErrorCode.NOT_FOUND, q.receive(1, Duration.ZERO));
        }

        @Test
        @DisplayName("fail with INVALID_ARGUMENT through the future for what the blocking API refuses")
        void invalid() {
            AsyncQueue q = cloud.queue(uniqueName("never")).async();
            int tooBig = capabilities().queues().limits().maxMessageBytes() + 1;
            assertFailsWith(ErrorCode.INVALID_ARGUMENT, q.send(Message.builder().body(new byte[tooBig]).build()));
            assertFailsWith(ErrorCode.INVALID_ARGUMENT, q.sendBatch(List.of()));
            assertFailsWith(ErrorCode.INVALID_ARGUMENT, q.receive(0, Duration.ZERO));
            Duration overMax = capabilities().queues().limits().maxLease().plusSeconds(1);
            assertFailsWith(ErrorCode.INVALID_ARGUMENT,
                    q.receive(ReceiveOptions.of(1, Duration.ZERO).withLease(overMax)));
        }

        @Test
        @DisplayName("throw NullPointerException at once for a null argument")
        void nulls() {
            AsyncQueue q = cloud.queue(uniqueName("never")).async();
            assertThatThrownBy(() -> q.send((Message) null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.ack((ReceivedMessage) null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    @DisplayName("topics and subscriptions")
    class Topics {

        @Test
        @DisplayName("publish reaches a subscription, received and acked asynchronously")
        void fanOut() {
            assumeTopics();
            Topic topic = cloud.topic(uniqueName("at")).create();
            afterwards(topic::delete);
            Subscription sub = topic.subscription(uniqueName("as"));
            afterwards(sub::delete);
            sub.create();
            List<Message> messages = IntStream.range(0, 5).mapToObj(i -> Message.of("p-" + i)).toList();
            List<String> ids = await(topic.async().publishBatch(messages));
            assertThat(ids).hasSize(5).doesNotHaveDuplicates();
            List<ReceivedMessage> got = receiveAsync(sub.async(), 5);
            assertThat(bodies(got)).containsExactlyInAnyOrderElementsOf(texts(messages));
            await(sub.async().ack(got));
        }

        @Test
        @DisplayName("publish to a missing topic fails with NOT_FOUND, and a delayed message with UNIMPLEMENTED")
        void errors() {
            assumeTopics();
            Topic missing = cloud.topic(uniqueName("missing"));
            assertFailsWith(ErrorCode.NOT_FOUND, missing.async().publish("x"));
            assertFailsWith(ErrorCode.UNIMPLEMENTED, missing.async().publish(
                    Message.builder().body("later").delay(Duration.ofSeconds(1)).build()));
        }
    }

    @Nested
    @DisplayName("tables")
    class Tables {

        private Table newTable() {
            Table t = cloud.table(uniqueName("at"));
            afterwards(t::deleteTable);
            return t.createTable(TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG));
        }

        @Test
        @DisplayName("put then get an item with its version; a missing key is empty")
        void putGet() {
            AsyncTable t = newTable().async();
            Item stored = await(t.put(Item.builder().put("pk", "a").put("sk", 1L).put("v", "one").build()));
            Optional<Item> read = await(t.get(Key.of("a", 1L)));
            assertThat(read).hasValueSatisfying(i -> {
                assertThat(i.getString("v")).contains("one");
                assertThat(i.version()).isPresent().isEqualTo(stored.version());
            });
            assertThat(await(t.get(Key.of("a", 2L)))).isEmpty();
        }

        @Test
        @DisplayName("query pages in sort-key order, resuming from the cursor")
        void queryPages() {
            AsyncTable t = newTable().async();
            for (long i = 5; i >= 1; i--) {
                await(t.put(Item.builder().put("pk", "p").put("sk", i).build()));
            }
            Page<Item> first = await(t.query(Query.partition("p").limit(3).build()));
            assertThat(first.items()).extracting(i -> i.getLong("sk").orElseThrow()).containsExactly(1L, 2L, 3L);
            assertThat(first.cursor()).isPresent();
            Page<Item> second = await(t.query(Query.partition("p").limit(3).build().withCursor(first.cursor().get())));
            assertThat(second.items()).extracting(i -> i.getLong("sk").orElseThrow()).containsExactly(4L, 5L);
        }

        @Test
        @DisplayName("insert and conditional puts fail with ALREADY_EXISTS and PRECONDITION_FAILED, a missing table with NOT_FOUND")
        void errors() {
            AsyncTable t = newTable().async();
            Item item = Item.builder().put("pk", "c").put("sk", 1L).build();
            Item first = await(t.insert(item));
            assertFailsWith(ErrorCode.ALREADY_EXISTS, t.insert(item));
            assertFailsWith(ErrorCode.ALREADY_EXISTS, t.put(item, WriteCondition.mustNotExist()));
            await(t.put(first));
            assertFailsWith(ErrorCode.PRECONDITION_FAILED,
                    t.put(first, WriteCondition.ifVersion(first.version().orElseThrow())));
            assertFailsWith(ErrorCode.INVALID_ARGUMENT, t.get(Key.of("c")));
            AsyncTable missing = cloud.table(uniqueName("missing")).async();
            assertFailsWith(ErrorCode.NOT_FOUND, missing.get(Key.of("x", 1L)));
        }
    }
}

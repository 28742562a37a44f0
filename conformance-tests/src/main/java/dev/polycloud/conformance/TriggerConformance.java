package dev.polycloud.conformance;

import static dev.polycloud.conformance.CloudAssertions.assertInvalidArgument;
import static dev.polycloud.conformance.CloudAssertions.assertNotFound;
import static dev.polycloud.conformance.CloudAssertions.assertUnimplemented;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.conformance.handlers.BatchHandler;
import dev.polycloud.conformance.handlers.Recorder;
import dev.polycloud.conformance.handlers.TableChangeRecorder;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.TableChange;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import dev.polycloud.topic.Topic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trigger contract (DESIGN.md §5 "Functions", {@link Functions#bind}): a queue, a topic
 * subscription or a table change stream feeds a function; every event is delivered; a
 * {@link dev.polycloud.function.BatchResult} naming failed messages makes only those come back,
 * and they are dead-lettered after the source's {@code maxDeliveries}; table changes arrive in
 * order per key with their old and new items; unbinding stops delivery.
 *
 * <p>Several tests observe what the handler received through the in-JVM {@link Recorder}, which
 * only works when handlers run in-process; a runner whose handlers run elsewhere overrides
 * {@link #handlersRunInProcess()} and those tests are skipped with that reason. Whatever can be
 * observed through the portable API (dead-letter queues, messages left in a queue) is checked
 * that way in every case.
 */
@DisplayName("Triggers")
public abstract class TriggerConformance extends FunctionSuiteSupport {

    private void assumeQueueTriggers() {
        Assumptions.assumeTrue(caps().supported() && caps().queueTriggers(), "provider does not declare queueTriggers");
    }

    private void assumeSubscriptionTriggers() {
        Assumptions.assumeTrue(caps().supported() && caps().subscriptionTriggers(),
                "provider does not declare subscriptionTriggers");
    }

    private void assumeTableTriggers() {
        Assumptions.assumeTrue(caps().supported() && caps().tableTriggers(), "provider does not declare tableTriggers");
    }

    /** Deploys a fresh function running the handler; deleted when the class is done. */
    protected String deploy(Class<? extends FunctionHandler<?, ?>> handler) {
        return deploy(handler, b -> { });
    }

    /** Deploys a fresh function running the handler, with customised options. */
    protected String deploy(Class<? extends FunctionHandler<?, ?>> handler, Consumer<FunctionSpec.Builder> options) {
        Functions fns = functions();
        FunctionSpec.Builder b = FunctionSpec.builder(uniqueName("fn"), handler);
        handlerArtifact().ifPresent(b::artifact);
        options.accept(b);
        FunctionSpec spec = b.build();
        afterwards(() -> Recorder.forget(spec.name()));
        afterwards(() -> fns.delete(spec.name()));
        fns.deploy(spec);
        return spec.name();
    }

    /** Binds a source to a function; the trigger is removed when the class is done. */
    protected Trigger bind(String function, TriggerSource source, int batchSize) {
        Functions fns = functions();
        Trigger t = fns.bind(function, source, batchSize);
        afterwards(() -> fns.unbind(t));
        return t;
    }

    /** A fresh queue, deleted when the class is done. */
    protected Queue newQueue(QueueOptions options) {
        Queue q = cloud.queue(uniqueName("q"));
        afterwards(q::delete);
        return q.create(options);
    }

    /** A fresh queue with the target's short lease. */
    protected Queue newShortLeaseQueue() {
        return newQueue(QueueOptions.builder().defaultLease(target().shortLease()).build());
    }

    /** A fresh queue with the short lease that dead-letters to {@code dlq} after {@code maxDeliveries}. */
    protected Queue newQueueDeadLettering(Queue dlq, int maxDeliveries) {
        return newQueue(QueueOptions.builder().defaultLease(target().shortLease())
                .deadLetter(dlq.name(), maxDeliveries).build());
    }

    /** A fresh topic, deleted when the class is done. */
    protected Topic newTopic() {
        Topic t = cloud.topic(uniqueName("t"));
        afterwards(t::delete);
        return t.create();
    }

    /** A fresh subscription, deleted when the class is done. */
    protected Subscription newSubscription(Topic topic, SubscriptionOptions options) {
        Subscription s = topic.subscription(uniqueName("s"));
        afterwards(s::delete);
        return s.create(options);
    }

    /** A fresh table with a string partition key {@code id}, deleted when the class is done. */
    protected Table newTable() {
        Table t = cloud.table(uniqueName("tb"));
        afterwards(t::deleteTable);
        return t.createTable(TableSchema.of("id", KeyType.STRING));
    }

    /** The messages a {@link BatchHandler} function has seen so far. */
    protected static List<BatchHandler.Seen> seen(String function) {
        return Recorder.events(function, BatchHandler.Seen.class);
    }

    /** Waits, bounded by patience, until what the function has seen satisfies {@code done}. */
    protected List<BatchHandler.Seen> awaitSeen(String function, Predicate<List<BatchHandler.Seen>> done) {
        return eventually(() -> seen(function), done);
    }

    /** Waits until every body in {@code bodies} has been seen at least once. */
    protected List<BatchHandler.Seen> awaitBodies(String function, Set<String> bodies) {
        return awaitSeen(function, l -> l.stream().map(BatchHandler.Seen::body).collect(Collectors.toSet())
                .containsAll(bodies));
    }

    /** The table changes a {@link TableChangeRecorder} function has seen so far. */
    protected static List<TableChangeRecorder.Seen> changes(String function) {
        return Recorder.events(function, TableChangeRecorder.Seen.class);
    }

    /** Waits until the function has seen at least {@code count} table changes. */
    protected List<TableChangeRecorder.Seen> awaitChanges(String function, int count) {
        return eventually(() -> changes(function), l -> l.size() >= count);
    }

    /** Receives from the dead-letter queue until {@code count} arrive (or patience ends) and acks them. */
    protected List<String> deadLettered(Queue dlq, int count) {
        return bodies(receiveAndAck(dlq, count));
    }

    private static List<Integer> deliveryCounts(List<BatchHandler.Seen> seen, String body) {
        return seen.stream().filter(s -> s.body().equals(body)).map(BatchHandler.Seen::deliveryCount).toList();
    }

    private static long attributeLong(Optional<Item> item, String name) {
        return item.orElseThrow(() -> new AssertionError("item missing")).getLong(name)
                .orElseThrow(() -> new AssertionError("attribute " + name + " missing in " + item));
    }

    // ---------------------------------------------------------------- queue triggers

    @Nested
    @DisplayName("queue triggers")
    class QueueTriggers {

        @Test
        @DisplayName("every message sent reaches the handler once, in batches no larger than the batch size")
        void everyMessageDelivered() {
            assumeQueueTriggers();
            assumeInProcess();
            Queue q = newShortLeaseQueue();
            String fn = deploy(BatchHandler.class);
            bind(fn, TriggerSource.queue(q.name()), 5);
            List<Message> sent = IntStream.range(0, 23).mapToObj(i -> Message.builder().body("m-" + i)
                    .attribute("index", Integer.toString(i)).build()).toList();
            q.sendBatch(sent);
            Set<String> expected = sent.stream().map(Message::bodyAsString).collect(Collectors.toSet());
            List<BatchHandler.Seen> seen = awaitBodies(fn, expected);
            sleep(quietWindow());
            seen = seen(fn);
            assertThat(seen).extracting(BatchHandler.Seen::body).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(seen).allSatisfy(s -> {
                assertThat(s.source()).isEqualTo("queue/" + q.name());
                assertThat(s.batchSize()).isBetween(1, 5);
                assertThat(s.deliveryCount()).isEqualTo(1);
                assertThat(s.attributes()).containsEntry("index", s.body().substring(2));
            });
        }

        @Test
        @DisplayName("messages the handler succeeded on leave the queue for good")
        void successfulMessagesLeave() {
            assumeQueueTriggers();
            Queue q = newShortLeaseQueue();
            String fn = deploy(BatchHandler.class);
            bind(fn, TriggerSource.queue(q.name()), 10);
            q.sendBatch(List.of(Message.of("done-1"), Message.of("done-2"), Message.of("done-3")));
            assertThat(eventually(q::approximateDepth, d -> d == 0L)).as("depth of %s", q.name()).isZero();
            if (handlersRunInProcess()) {
                awaitBodies(fn, Set.of("done-1", "done-2", "done-3"));
            }
            sleep(target().shortLease().multipliedBy(2));
            assertThat(receiveDuring(q, quietWindow())).as("messages left in %s", q.name()).isEmpty();
        }

        @Test
        @DisplayName("a partial batch failure redelivers only the failed messages, with a growing deliveryCount")
        void partialFailureRedeliversOnlyFailed() {
            assumeQueueTriggers();
            assumeInProcess();
            Queue dlq = newQueue(QueueOptions.defaults());
            Queue q = newQueueDeadLettering(dlq, 3);
            String fn = deploy(BatchHandler.class);
            q.sendBatch(List.of(Message.of("ok-1"), Message.of("fail-1"), Message.of("ok-2"), Message.of("fail-2"),
                    Message.of("ok-3")));
            bind(fn, TriggerSource.queue(q.name()), 10);
            awaitSeen(fn, l -> deliveryCounts(l, "fail-1").contains(3) && deliveryCounts(l, "fail-2").contains(3));
            assertThat(deadLettered(dlq, 2)).as("dead-lettered").containsExactlyInAnyOrder("fail-1", "fail-2");
            List<BatchHandler.Seen> seen = seen(fn);
            for (String ok : List.of("ok-1", "ok-2", "ok-3")) {
                assertThat(deliveryCounts(seen, ok)).as("deliveries of %s", ok).containsExactly(1);
            }
            for (String failed : List.of("fail-1", "fail-2")) {
                assertThat(deliveryCounts(seen, failed)).as("deliveries of %s", failed).containsExactly(1, 2, 3);
            }
        }

        @Test
        @DisplayName("a message failing maxDeliveries times moves to the dead-letter queue with its attributes, and only it")
        void failedMessageDeadLettered() {
            assumeQueueTriggers();
            Queue dlq = newQueue(QueueOptions.defaults());
            Queue q = newQueueDeadLettering(dlq, 2);
            String fn = deploy(BatchHandler.class);
            bind(fn, TriggerSource.queue(q.name()), 10);
            q.sendBatch(List.of(Message.of("fine-a"),
                    Message.builder().body("fail-poison").attribute("origin", "conformance").build(),
                    Message.of("fine-b")));
            List<ReceivedMessage> dead = receiveAtLeast(dlq, 1);
            assertThat(dead).as("dead-lettered messages").hasSize(1);
            dlq.ack(dead);
            assertThat(dead.get(0).bodyAsString()).isEqualTo("fail-poison");
            assertThat(dead.get(0).attributes()).containsEntry("origin", "conformance");
            assertThat(receiveDuring(dlq, quietWindow())).as("more dead letters").isEmpty();
        }

        @Test
        @DisplayName("a handler that throws fails its whole batch: every message of it is redelivered, then dead-lettered")
        void throwingHandlerFailsWholeBatch() {
            assumeQueueTriggers();
            Queue dlq = newQueue(QueueOptions.defaults());
            Queue q = newQueueDeadLettering(dlq, 2);
            String fn = deploy(BatchHandler.class);
            q.sendBatch(List.of(Message.of(BatchHandler.THROW), Message.of("bystander")));
            bind(fn, TriggerSource.queue(q.name()), 10);
            ReceivedMessage thrown = receiveMatching(dlq, m -> m.bodyAsString().equals(BatchHandler.THROW));
            assertThat(thrown).as("the message that made the handler throw, dead-lettered").isNotNull();
            dlq.ack(thrown);
            if (handlersRunInProcess()) {
                List<BatchHandler.Seen> seen = seen(fn);
                Set<String> throwingBatches = seen.stream().filter(s -> s.body().equals(BatchHandler.THROW))
                        .map(BatchHandler.Seen::requestId).collect(Collectors.toSet());
                boolean bystanderShared = seen.stream().anyMatch(s -> s.body().equals("bystander")
                        && throwingBatches.contains(s.requestId()));
                assertThat(deliveryCounts(seen, BatchHandler.THROW)).containsExactly(1, 2);
                if (bystanderShared) {
                    assertThat(deliveryCounts(seen, "bystander")).as("deliveries of a message in a thrown batch")
                            .hasSizeGreaterThan(1);
                }
            }
        }

        @Test
        @DisplayName("unbinding stops delivery: a message sent afterwards stays in the queue")
        void unbindStopsDelivery() {
            assumeQueueTriggers();
            Queue q = newShortLeaseQueue();
            String fn = deploy(BatchHandler.class);
            Trigger t = functions().bind(fn, TriggerSource.queue(q.name()), 10);
            q.send("before");
            if (handlersRunInProcess()) {
                awaitBodies(fn, Set.of("before"));
            }
            assertThat(eventually(q::approximateDepth, d -> d == 0L)).as("depth before unbind").isZero();
            functions().unbind(t);
            assertThat(functions().triggers(fn)).extracting(Trigger::id).doesNotContain(t.id());
            q.send("after");
            List<ReceivedMessage> left = receiveAndAck(q, 1);
            assertThat(bodies(left)).as("message sent after unbind").containsExactly("after");
            assertThat(left.get(0).deliveryCount()).as("nobody else received it").isEqualTo(1);
            if (handlersRunInProcess()) {
                assertThat(seen(fn)).extracting(BatchHandler.Seen::body).doesNotContain("after");
            }
        }

        @Test
        @DisplayName("a trigger is listed with its function, source and batch size")
        void triggersListed() {
            assumeQueueTriggers();
            Queue q = newShortLeaseQueue();
            String fn = deploy(BatchHandler.class);
            Trigger t = bind(fn, TriggerSource.queue(q.name()), 7);
            assertThat(t.id()).isNotBlank();
            assertThat(t.function()).isEqualTo(fn);
            assertThat(t.source()).isEqualTo(TriggerSource.queue(q.name()));
            assertThat(t.batchSize()).isEqualTo(7);
            assertThat(functions().triggers(fn)).containsExactly(t);
        }

        @Test
        @DisplayName("deleting the function removes its trigger: messages sent afterwards stay in the queue")
        void deleteFunctionRemovesTrigger() {
            assumeQueueTriggers();
            Queue q = newShortLeaseQueue();
            String fn = deploy(BatchHandler.class);
            functions().bind(fn, TriggerSource.queue(q.name()), 10);
            functions().delete(fn);
            q.send("orphan");
            List<ReceivedMessage> left = receiveAndAck(q, 1);
            assertThat(bodies(left)).containsExactly("orphan");
            assertThat(left.get(0).deliveryCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("binding a missing queue or a missing function fails with NOT_FOUND")
        void bindMissing() {
            assumeQueueTriggers();
            Queue q = newShortLeaseQueue();
            String fn = deploy(BatchHandler.class);
            assertNotFound(() -> functions().bind(fn, TriggerSource.queue(uniqueName("missing")), 10));
            assertNotFound(() -> functions().bind(uniqueName("missing"), TriggerSource.queue(q.name()), 10));
            assertThat(functions().triggers(fn)).isEmpty();
        }

        @ParameterizedTest(name = "batch size {0}")
        @ValueSource(ints = {0, -1, Trigger.MAX_BATCH_SIZE + 1})
        @DisplayName("a batch size outside 1 to 100 is refused with INVALID_ARGUMENT")
        void badBatchSize(int batchSize) {
            Functions fns = functions();
            assertInvalidArgument(() -> fns.bind(uniqueName("fn"), TriggerSource.queue(uniqueName("q")), batchSize));
        }
    }

    // ---------------------------------------------------------------- subscription triggers

    @Nested
    @DisplayName("subscription triggers")
    class SubscriptionTriggers {

        @Test
        @DisplayName("every message published reaches the handler with the subscription as its source")
        void everyMessageDelivered() {
            assumeSubscriptionTriggers();
            assumeInProcess();
            Topic t = newTopic();
            Subscription s = newSubscription(t, SubscriptionOptions.builder()
                    .defaultLease(target().shortLease()).build());
            String fn = deploy(BatchHandler.class);
            bind(fn, TriggerSource.subscription(t.name(), s.name()), 4);
            List<Message> sent = IntStream.range(0, 12).mapToObj(i -> Message.builder().body("p-" + i)
                    .attribute("n", Integer.toString(i)).build()).toList();
            t.publishBatch(sent);
            Set<String> expected = sent.stream().map(Message::bodyAsString).collect(Collectors.toSet());
            awaitBodies(fn, expected);
            sleep(quietWindow());
            List<BatchHandler.Seen> seen = seen(fn);
            assertThat(seen).extracting(BatchHandler.Seen::body).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(seen).allSatisfy(x -> {
                assertThat(x.source()).isEqualTo("subscription/" + t.name() + "/" + s.name());
                assertThat(x.batchSize()).isBetween(1, 4);
                assertThat(x.deliveryCount()).isEqualTo(1);
                assertThat(x.attributes()).containsEntry("n", x.body().substring(2));
            });
        }

        @Test
        @DisplayName("a partial batch failure dead-letters only the failed message after maxDeliveries")
        void partialFailureDeadLetters() {
            assumeSubscriptionTriggers();
            Queue dlq = newQueue(QueueOptions.defaults());
            Topic t = newTopic();
            Subscription s = newSubscription(t, SubscriptionOptions.builder().defaultLease(target().shortLease())
                    .deadLetter(dlq.name(), 2).build());
            String fn = deploy(BatchHandler.class);
            bind(fn, TriggerSource.subscription(t.name(), s.name()), 10);
            t.publishBatch(List.of(Message.of("ok-x"), Message.of("fail-x"), Message.of("ok-y")));
            assertThat(deadLettered(dlq, 1)).containsExactly("fail-x");
            assertThat(receiveDuring(dlq, quietWindow())).as("more dead letters").isEmpty();
            if (handlersRunInProcess()) {
                List<BatchHandler.Seen> seen = seen(fn);
                assertThat(deliveryCounts(seen, "ok-x")).containsExactly(1);
                assertThat(deliveryCounts(seen, "ok-y")).containsExactly(1);
                assertThat(deliveryCounts(seen, "fail-x")).containsExactly(1, 2);
            }
        }

        @Test
        @DisplayName("a subscription's filter also applies to its trigger")
        void filterApplies() {
            assumeSubscriptionTriggers();
            Assumptions.assumeTrue(capabilities().topics().subscriptionFilters(),
                    "provider does not declare subscriptionFilters");
            assumeInProcess();
            Topic t = newTopic();
            Subscription s = newSubscription(t, SubscriptionOptions.builder()
                    .filter(SubscriptionFilter.equals("kind", "keep")).build());
            String fn = deploy(BatchHandler.class);
            bind(fn, TriggerSource.subscription(t.name(), s.name()), 10);
            t.publish(Message.builder().body("dropped").attribute("kind", "drop").build());
            t.publish(Message.builder().body("kept").attribute("kind", "keep").build());
            awaitBodies(fn, Set.of("kept"));
            sleep(quietWindow());
            assertThat(seen(fn)).extracting(BatchHandler.Seen::body).containsExactly("kept");
        }

        @Test
        @DisplayName("unbinding stops delivery: a message published afterwards stays on the subscription")
        void unbindStopsDelivery() {
            assumeSubscriptionTriggers();
            Topic t = newTopic();
            Subscription s = newSubscription(t, SubscriptionOptions.builder()
                    .defaultLease(target().shortLease()).build());
            String fn = deploy(BatchHandler.class);
            Trigger trigger = functions().bind(fn, TriggerSource.subscription(t.name(), s.name()), 10);
            assertThat(functions().triggers(fn)).containsExactly(trigger);
            t.publish("before");
            if (handlersRunInProcess()) {
                awaitBodies(fn, Set.of("before"));
            } else {
                sleep(quietWindow());
            }
            functions().unbind(trigger);
            assertThat(functions().triggers(fn)).isEmpty();
            t.publish("after");
            ReceivedMessage after = receiveMatching(s, m -> m.bodyAsString().equals("after"));
            assertThat(after).as("message published after unbind, on the subscription").isNotNull();
            s.ack(after);
            assertThat(after.deliveryCount()).isEqualTo(1);
            if (handlersRunInProcess()) {
                assertThat(seen(fn)).extracting(BatchHandler.Seen::body).doesNotContain("after");
            }
        }

        @Test
        @DisplayName("binding a missing subscription fails with NOT_FOUND")
        void bindMissing() {
            assumeSubscriptionTriggers();
            Topic t = newTopic();
            String fn = deploy(BatchHandler.class);
            assertNotFound(() -> functions().bind(fn, TriggerSource.subscription(t.name(), uniqueName("missing")), 5));
        }
    }

    // ---------------------------------------------------------------- table triggers

    @Nested
    @DisplayName("table triggers")
    class TableTriggers {

        @Test
        @DisplayName("an insert, a modify and a remove arrive in order, with the old and new items")
        void insertModifyRemove() {
            assumeTableTriggers();
            assumeInProcess();
            Table table = newTable();
            String fn = deploy(TableChangeRecorder.class);
            bind(fn, TriggerSource.table(table.name()), 10);
            table.put(Item.builder().put("id", "a").put("n", 1L).put("tag", "first").build());
            table.put(Item.builder().put("id", "a").put("n", 2L).put("tag", "second").build());
            table.delete(Key.of("a"));
            awaitChanges(fn, 3);
            sleep(quietWindow());
            List<TableChangeRecorder.Seen> seen = changes(fn);
            assertThat(seen).extracting(x -> x.change().type()).containsExactly(
                    TableChange.Type.INSERT, TableChange.Type.MODIFY, TableChange.Type.REMOVE);
            assertThat(seen).allSatisfy(x -> {
                assertThat(x.table()).isEqualTo(table.name());
                assertThat(x.change().key()).isEqualTo(Key.of("a"));
            });
            assertThat(seen).extracting(x -> x.change().id()).doesNotHaveDuplicates().allSatisfy(id ->
                    assertThat(id).isNotBlank());

            TableChange insert = seen.get(0).change();
            assertThat(insert.oldItem()).as("old item of the insert").isEmpty();
            assertThat(attributeLong(insert.newItem(), "n")).isEqualTo(1L);
            assertThat(insert.newItem().orElseThrow().getString("tag")).contains("first");

            TableChange modify = seen.get(1).change();
            assertThat(attributeLong(modify.oldItem(), "n")).as("old item of the modify").isEqualTo(1L);
            assertThat(attributeLong(modify.newItem(), "n")).as("new item of the modify").isEqualTo(2L);
            assertThat(modify.newItem().orElseThrow().getString("tag")).contains("second");

            TableChange remove = seen.get(2).change();
            assertThat(attributeLong(remove.oldItem(), "n")).as("old item of the remove").isEqualTo(2L);
            assertThat(remove.newItem()).as("new item of the remove").isEmpty();
        }

        @Test
        @DisplayName("changes of each key arrive in the order they happened, in batches no larger than the batch size")
        void orderPerKey() {
            assumeTableTriggers();
            assumeInProcess();
            Table table = newTable();
            String fn = deploy(TableChangeRecorder.class);
            bind(fn, TriggerSource.table(table.name()), 4);
            List<String> keys = List.of("k1", "k2", "k3");
            int writes = 6;
            for (int n = 0; n < writes; n++) {
                for (String k : keys) {
                    table.put(Item.builder().put("id", k).put("n", (long) n).build());
                }
            }
            awaitChanges(fn, keys.size() * writes);
            sleep(quietWindow());
            List<TableChangeRecorder.Seen> seen = changes(fn);
            assertThat(seen).hasSize(keys.size() * writes);
            assertThat(seen).allSatisfy(x -> assertThat(x.batchSize()).isBetween(1, 4));
            Map<Key, List<TableChange>> byKey = new LinkedHashMap<>();
            seen.forEach(x -> byKey.computeIfAbsent(x.change().key(), k -> new ArrayList<>()).add(x.change()));
            assertThat(byKey.keySet()).containsExactlyInAnyOrder(Key.of("k1"), Key.of("k2"), Key.of("k3"));
            byKey.forEach((key, list) -> {
                assertThat(list).as("changes of %s", key).hasSize(writes);
                assertThat(list.get(0).type()).as("first change of %s", key).isEqualTo(TableChange.Type.INSERT);
                for (int n = 0; n < writes; n++) {
                    TableChange c = list.get(n);
                    assertThat(attributeLong(c.newItem(), "n")).as("new n of change %d of %s", n, key).isEqualTo(n);
                    if (n > 0) {
                        assertThat(c.type()).isEqualTo(TableChange.Type.MODIFY);
                        assertThat(attributeLong(c.oldItem(), "n")).as("old n of change %d of %s", n, key)
                                .isEqualTo(n - 1);
                    }
                }
            });
        }

        @Test
        @DisplayName("unbinding stops table change delivery")
        void unbindStopsDelivery() {
            assumeTableTriggers();
            assumeInProcess();
            Table table = newTable();
            String fn = deploy(TableChangeRecorder.class);
            Trigger t = functions().bind(fn, TriggerSource.table(table.name()), 10);
            table.put(Item.builder().put("id", "before").build());
            awaitChanges(fn, 1);
            functions().unbind(t);
            table.put(Item.builder().put("id", "after").build());
            sleep(quietWindow());
            assertThat(changes(fn)).extracting(x -> x.change().key()).containsExactly(Key.of("before"));
        }

        @Test
        @DisplayName("binding a missing table fails with NOT_FOUND")
        void bindMissing() {
            assumeTableTriggers();
            String fn = deploy(TableChangeRecorder.class);
            assertNotFound(() -> functions().bind(fn, TriggerSource.table(uniqueName("missing")), 10));
        }
    }

    // ---------------------------------------------------------------- capabilities

    @Nested
    @DisplayName("capabilities")
    class Capability {

        @Test
        @DisplayName("each trigger kind binds when declared and is refused with UNIMPLEMENTED when not")
        void triggerKindsDeclaredOrRefused() {
            Functions fns = functions();
            String fn = deploy(BatchHandler.class);
            Queue q = newShortLeaseQueue();
            Topic t = newTopic();
            Subscription s = newSubscription(t, SubscriptionOptions.defaults());
            Table table = newTable();
            Map<TriggerSource, Boolean> kinds = new LinkedHashMap<>();
            kinds.put(TriggerSource.queue(q.name()), caps().queueTriggers());
            kinds.put(TriggerSource.subscription(t.name(), s.name()), caps().subscriptionTriggers());
            kinds.put(TriggerSource.table(table.name()), caps().tableTriggers());
            Set<String> bound = new HashSet<>();
            kinds.forEach((source, declared) -> {
                if (declared) {
                    Trigger trigger = bind(fn, source, 1);
                    assertThat(trigger.source()).isEqualTo(source);
                    bound.add(trigger.id());
                } else {
                    assertUnimplemented(() -> fns.bind(fn, source, 1));
                }
            });
            assertThat(fns.triggers(fn)).extracting(Trigger::id).containsExactlyInAnyOrderElementsOf(bound);
        }
    }
}

package dev.polycloud.conformance;

import static dev.polycloud.conformance.CloudAssertions.assertInvalidArgument;
import static dev.polycloud.conformance.CloudAssertions.assertNotFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.message.ReceiveOptions;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import dev.polycloud.topic.Topic;
import dev.polycloud.topic.TopicCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The topic contract (DESIGN.md §5, {@link Topic}, {@link Subscription}): fan-out to durable
 * pull subscriptions, subscriptions created late, filters, batches, attributes, the
 * receive/ack/lease contract on subscriptions, dead-lettering, missing resources and
 * validation before the network.
 */
@DisplayName("Topics")
public abstract class TopicConformance extends ConformanceSuite {

    /** Every topic test needs topics: skipped with the reason when the provider declares none as configured. */
    @org.junit.jupiter.api.BeforeEach
    void topicsDeclared() {
        assumeTopics();
    }

    // ---------------------------------------------------------------- helpers

    /** The provider's topic capabilities. */
    protected TopicCapabilities caps() {
        return capabilities().topics();
    }

    /** The provider's message limits for topics. */
    protected MessageLimits limits() {
        return caps().limits();
    }

    /** A fresh topic, deleted when the class is done. */
    protected Topic newTopic() {
        Topic t = cloud.topic(uniqueName("t"));
        afterwards(t::delete);
        return t.create();
    }

    /** A handle on a topic that was never created. */
    protected Topic missingTopic() {
        return cloud.topic(uniqueName("missing"));
    }

    /** A fresh subscription with default options, deleted when the class is done. */
    protected Subscription newSubscription(Topic topic) {
        return newSubscription(topic, SubscriptionOptions.defaults());
    }

    /** A fresh subscription, deleted when the class is done. */
    protected Subscription newSubscription(Topic topic, SubscriptionOptions options) {
        Subscription s = topic.subscription(uniqueName("s"));
        afterwards(s::delete);
        return s.create(options);
    }

    /** A subscription that only passes messages matching the filter. */
    protected Subscription newFiltered(Topic topic, SubscriptionFilter filter) {
        return newSubscription(topic, SubscriptionOptions.builder().filter(filter).build());
    }

    /** A fresh queue (for dead letters), deleted when the class is done. */
    protected Queue newQueue() {
        Queue q = cloud.queue(uniqueName("q"));
        afterwards(q::delete);
        return q.create();
    }

    private static Message colored(String body, String color) {
        return Message.builder().body(body).attribute("color", color).build();
    }

    /** Receives one message or fails. */
    protected ReceivedMessage receiveOne(Subscription s) {
        List<ReceivedMessage> got = receiveAtLeast(s, 1);
        assertThat(got).as("a message should arrive on %s within %s", s, target().patience()).isNotEmpty();
        return got.get(0);
    }

    /**
     * Receives and acks until {@code expected} messages arrived, then keeps watching for the
     * quiet window, and returns every body seen (the caller asserts on it).
     */
    protected List<String> receiveAllBodies(Subscription s, int expected) {
        List<ReceivedMessage> got = new ArrayList<>(receiveAndAck(s, expected));
        List<ReceivedMessage> more = receiveDuring(s, quietWindow());
        if (!more.isEmpty()) {
            s.ack(more);
        }
        got.addAll(more);
        return bodies(got);
    }

    /** Waits until the message comes back (another delivery of the same id) and returns it. */
    protected ReceivedMessage awaitRedelivery(Subscription s, ReceivedMessage first) {
        ReceivedMessage again = receiveMatching(s, m -> m.id().equals(first.id()));
        assertThat(again).as("message %s should be delivered again", first.id()).isNotNull();
        return again;
    }

    // ---------------------------------------------------------------- lifecycle

    @Nested
    @DisplayName("creating and deleting")
    class Lifecycle {

        @Test
        @DisplayName("a topic exists once created, and not before; create is idempotent")
        void topicExists() {
            Topic t = cloud.topic(uniqueName("t"));
            afterwards(t::delete);
            assertThat(t.exists()).as("exists before create").isFalse();
            t.create();
            assertThat(t.exists()).as("exists after create").isTrue();
            assertThatCode(t::create).as("second create").doesNotThrowAnyException();
            assertThat(t.exists()).isTrue();
        }

        @Test
        @DisplayName("a deleted topic no longer exists")
        void deletedTopic() {
            Topic t = newTopic();
            t.delete();
            assertThat(eventually(t::exists, e -> !e)).isFalse();
        }

        @Test
        @DisplayName("a subscription exists once created, create is idempotent and keeps pending messages")
        void subscriptionExists() {
            Topic t = newTopic();
            Subscription s = t.subscription(uniqueName("s"));
            afterwards(s::delete);
            assertThat(s.exists()).as("exists before create").isFalse();
            s.create();
            assertThat(s.exists()).as("exists after create").isTrue();
            t.publish("pending");
            assertThatCode(s::create).as("second create").doesNotThrowAnyException();
            assertThat(bodies(receiveAndAck(s, 1))).containsExactly("pending");
        }

        @Test
        @DisplayName("a deleted subscription no longer exists, and the topic's other subscriptions still receive")
        void deletedSubscription() {
            Topic t = newTopic();
            Subscription gone = newSubscription(t);
            Subscription kept = newSubscription(t);
            gone.delete();
            assertThat(eventually(gone::exists, e -> !e)).isFalse();
            t.publish("after delete");
            assertThat(bodies(receiveAndAck(kept, 1))).containsExactly("after delete");
        }
    }

    // ---------------------------------------------------------------- fan-out

    @Nested
    @DisplayName("fan-out")
    class FanOut {

        @Test
        @DisplayName("two subscriptions each get every message")
        void twoSubscriptionsGetEverything() {
            Topic t = newTopic();
            Subscription a = newSubscription(t);
            Subscription b = newSubscription(t);
            List<String> sent = IntStream.range(0, 12).mapToObj(i -> "fan-" + i).toList();
            sent.forEach(t::publish);
            assertThat(receiveAllBodies(a, sent.size())).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(receiveAllBodies(b, sent.size())).containsExactlyInAnyOrderElementsOf(sent);
        }

        @Test
        @DisplayName("a subscription sees only what was published after it was created")
        void lateSubscription() {
            Topic t = newTopic();
            Subscription early = newSubscription(t);
            t.publish("before");
            // Make sure "before" has been fanned out before the late subscription exists.
            assertThat(bodies(receiveAndAck(early, 1))).containsExactly("before");
            Subscription late = newSubscription(t);
            t.publish("after");
            assertThat(receiveAllBodies(late, 1)).containsExactly("after");
            assertThat(receiveAllBodies(early, 1)).containsExactly("after");
        }

        @Test
        @DisplayName("acking on one subscription does not take the message from another")
        void subscriptionsAreIndependent() {
            Topic t = newTopic();
            Subscription a = newSubscription(t);
            Subscription b = newSubscription(t);
            t.publish("shared");
            assertThat(bodies(receiveAndAck(a, 1))).containsExactly("shared");
            assertThat(bodies(receiveAndAck(b, 1))).containsExactly("shared");
        }

        @Test
        @DisplayName("a topic with no subscription accepts a publish, and the message is not kept for later subscribers")
        void publishWithoutSubscribers() {
            Topic t = newTopic();
            assertThat(t.publish("into the void")).isNotBlank();
            Subscription s = newSubscription(t);
            t.publish("seen");
            assertThat(receiveAllBodies(s, 1)).containsExactly("seen");
        }
    }

    // ---------------------------------------------------------------- publishing

    @Nested
    @DisplayName("publishing")
    class Publishing {

        @ParameterizedTest(name = "a batch of {0}")
        @ValueSource(ints = {1, 10, 11, 25})
        @DisplayName("a batch is published whole with one distinct id per message, and every message arrives")
        void batchPublish(int size) {
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            List<Message> batch = IntStream.range(0, size).mapToObj(i -> Message.of("p-" + i)).toList();
            List<String> ids = t.publishBatch(batch);
            assertThat(ids).hasSize(size).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotBlank());
            assertThat(receiveAllBodies(s, size)).containsExactlyInAnyOrderElementsOf(texts(batch));
        }

        @Test
        @DisplayName("a batch one over the provider's batch maximum is published whole")
        void batchOverDriverMaximum() {
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            int size = Math.min(Topic.MAX_BATCH, limits().maxBatchSize() + 1);
            List<Message> batch = IntStream.range(0, size).mapToObj(i -> Message.of("o-" + i)).toList();
            assertThat(t.publishBatch(batch)).hasSize(size).doesNotHaveDuplicates();
            assertThat(receiveAllBodies(s, size)).containsExactlyInAnyOrderElementsOf(texts(batch));
        }

        @Test
        @DisplayName("a received message carries the id that publish returned")
        void idsMatch() {
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            List<String> ids = t.publishBatch(List.of(Message.of("x-0"), Message.of("x-1"), Message.of("x-2")));
            Map<String, String> idByBody = new HashMap<>();
            receiveAndAck(s, 3).forEach(m -> idByBody.put(m.bodyAsString(), m.id()));
            for (int i = 0; i < 3; i++) {
                assertThat(idByBody.get("x-" + i)).as("id of message %d", i).isEqualTo(ids.get(i));
            }
        }

        @Test
        @DisplayName("attributes and a binary body are kept exactly")
        void attributesKept() {
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("plain", "value");
            attributes.put("unicode", "ünïcödé ✓ 日本 🎉");
            attributes.put("with.dots_and-dashes", " spaced ");
            Map<String, String> sent = new LinkedHashMap<>();
            attributes.entrySet().stream().limit(limits().maxAttributes()).forEach(e -> sent.put(e.getKey(), e.getValue()));
            byte[] body = new byte[256];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) i;
            }
            t.publish(Message.builder().body(body).attributes(sent).build());
            ReceivedMessage m = receiveAndAck(s, 1).get(0);
            assertThat(m.body()).isEqualTo(body);
            assertThat(m.attributes()).isEqualTo(sent);
            assertThat(m.deliveryCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("a message of exactly maxMessageBytes is published and delivered")
        void largestMessage() {
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            byte[] body = new byte[limits().maxMessageBytes()];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (i * 13 + 1);
            }
            t.publish(Message.of(body));
            assertThat(receiveAndAck(s, 1).get(0).body()).isEqualTo(body);
        }
    }

    // ---------------------------------------------------------------- leases

    @Nested
    @DisplayName("subscription leases")
    class Leases {

        @Test
        @DisplayName("a leased message is invisible to a second receiver of the subscription")
        void leasedIsInvisible() {
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            t.publish("leased");
            ReceivedMessage m = receiveOne(s);
            assertThat(receiveDuring(s, quietWindow())).isEmpty();
            s.ack(m);
        }

        @Test
        @DisplayName("nack redelivers now with deliveryCount 2")
        void nackRedelivers() {
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            t.publish("nacked");
            ReceivedMessage first = receiveOne(s);
            assertThat(first.deliveryCount()).isEqualTo(1);
            s.nack(first);
            ReceivedMessage again = awaitRedelivery(s, first);
            assertThat(again.deliveryCount()).isEqualTo(2);
            assertThat(again.bodyAsString()).isEqualTo("nacked");
            s.ack(again);
        }

        @Test
        @DisplayName("a message whose lease expires is delivered again with deliveryCount 2")
        void leaseExpiry() {
            Topic t = newTopic();
            Subscription s = newSubscription(t, SubscriptionOptions.builder()
                    .defaultLease(target().shortLease()).build());
            t.publish("expiring");
            long start = System.nanoTime();
            ReceivedMessage first = receiveOne(s);
            ReceivedMessage again = awaitRedelivery(s, first);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(again.deliveryCount()).isEqualTo(2);
            assertThat(took).isGreaterThanOrEqualTo(target().shortLease().multipliedBy(9).dividedBy(10));
            s.ack(again);
        }

        @Test
        @DisplayName("extending a lease prevents the redelivery")
        void extendLease() {
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            t.publish("extended");
            Duration lease = target().shortLease();
            Assumptions.assumeTrue(lease.multipliedBy(4).compareTo(limits().maxLease()) <= 0,
                    "provider's maxLease is shorter than four short leases");
            long start = System.nanoTime();
            ReceivedMessage m = null;
            long deadline = start + target().patience().toNanos();
            while (m == null && System.nanoTime() < deadline) {
                List<ReceivedMessage> got = s.receive(ReceiveOptions.of(1, Duration.ofSeconds(1)).withLease(lease));
                m = got.isEmpty() ? null : got.get(0);
            }
            assertThat(m).as("the published message").isNotNull();
            s.extendLease(m, lease.multipliedBy(4));
            Duration watch = lease.multipliedBy(2).minus(Duration.ofNanos(System.nanoTime() - start));
            assertThat(receiveDuring(s, watch.isNegative() ? Duration.ZERO : watch)).isEmpty();
            s.ack(m);
        }

        @Test
        @DisplayName("ack is idempotent and an acked message never comes back")
        void ackIdempotent() {
            Topic t = newTopic();
            Subscription s = newSubscription(t, SubscriptionOptions.builder()
                    .defaultLease(target().shortLease()).build());
            t.publish("acked");
            long start = System.nanoTime();
            ReceivedMessage m = receiveOne(s);
            s.ack(m);
            assertThatCode(() -> s.ack(m)).doesNotThrowAnyException();
            Duration watch = target().shortLease().multipliedBy(2).plus(quietWindow())
                    .minus(Duration.ofNanos(System.nanoTime() - start));
            assertThat(receiveDuring(s, watch)).isEmpty();
        }
    }

    // ---------------------------------------------------------------- dead letters

    @Nested
    @DisplayName("dead-lettering")
    class DeadLetter {

        @Test
        @DisplayName("a message delivered maxDeliveries times moves to the dead-letter queue")
        void deadLetter() {
            Queue dlq = newQueue();
            Topic t = newTopic();
            int maxDeliveries = 2;
            Subscription s = newSubscription(t, SubscriptionOptions.builder()
                    .deadLetter(dlq.name(), maxDeliveries).build());
            t.publish(Message.builder().body("poison").attribute("kind", "bad").build());
            int deliveries = 0;
            ReceivedMessage dead = null;
            long deadline = System.nanoTime() + target().patience().toNanos();
            while (dead == null && System.nanoTime() < deadline) {
                for (ReceivedMessage m : s.receive(10, Duration.ofSeconds(1))) {
                    deliveries++;
                    assertThat(m.deliveryCount()).isLessThanOrEqualTo(maxDeliveries);
                    s.nack(m);
                }
                List<ReceivedMessage> fromDlq = dlq.receive(1, Duration.ZERO);
                if (!fromDlq.isEmpty()) {
                    dead = fromDlq.get(0);
                }
            }
            assertThat(dead).as("message on the dead-letter queue").isNotNull();
            assertThat(deliveries).isEqualTo(maxDeliveries);
            assertThat(dead.bodyAsString()).isEqualTo("poison");
            assertThat(dead.attributes()).containsEntry("kind", "bad");
            dlq.ack(dead);
            assertThat(receiveDuring(s, quietWindow())).isEmpty();
        }

        @Test
        @DisplayName("a dead-letter queue that does not exist is refused with NOT_FOUND")
        void missingDeadLetterQueue() {
            Topic t = newTopic();
            Subscription s = t.subscription(uniqueName("s"));
            afterwards(s::delete);
            assertNotFound(() -> s.create(SubscriptionOptions.builder().deadLetter(uniqueName("missing"), 3).build()));
            assertThat(s.exists()).isFalse();
        }
    }

    // ---------------------------------------------------------------- filters

    @Nested
    @DisplayName("attribute filters")
    class Filters {

        private void assumeFilters() {
            Assumptions.assumeTrue(caps().subscriptionFilters(), "provider does not declare subscriptionFilters");
        }

        @Test
        @DisplayName("an equals filter passes only messages whose attribute has that value")
        void equalsFilter() {
            assumeFilters();
            Topic t = newTopic();
            Subscription red = newFiltered(t, SubscriptionFilter.equals("color", "red"));
            Subscription all = newSubscription(t);
            t.publish(colored("red-1", "red"));
            t.publish(colored("blue-1", "blue"));
            t.publish(Message.of("plain"));
            t.publish(Message.builder().body("other-name").attribute("colour", "red").build());
            t.publish(colored("Red-upper", "Red"));
            t.publish(Message.builder().body("red-2").attribute("color", "red").attribute("size", "l").build());
            assertThat(receiveAllBodies(all, 6)).hasSize(6);
            assertThat(receiveAllBodies(red, 2)).containsExactlyInAnyOrder("red-1", "red-2");
        }

        @Test
        @DisplayName("a one-of filter passes messages with any of the listed values, and no others")
        void oneOfFilter() {
            assumeFilters();
            Topic t = newTopic();
            Subscription warm = newFiltered(t, SubscriptionFilter.oneOf("color", "red", "orange", "yellow"));
            t.publish(colored("red", "red"));
            t.publish(colored("blue", "blue"));
            t.publish(colored("yellow", "yellow"));
            t.publish(Message.of("none"));
            t.publish(colored("orange", "orange"));
            assertThat(receiveAllBodies(warm, 3)).containsExactlyInAnyOrder("red", "yellow", "orange");
        }

        @Test
        @DisplayName("combined conditions must all match")
        void andFilter() {
            assumeFilters();
            Topic t = newTopic();
            Subscription s = newFiltered(t, SubscriptionFilter.equals("color", "red")
                    .and(SubscriptionFilter.oneOf("size", "s", "m")));
            t.publish(Message.builder().body("red-s").attribute("color", "red").attribute("size", "s").build());
            t.publish(Message.builder().body("red-l").attribute("color", "red").attribute("size", "l").build());
            t.publish(Message.builder().body("blue-s").attribute("color", "blue").attribute("size", "s").build());
            t.publish(colored("red-nosize", "red"));
            t.publish(Message.builder().body("red-m").attribute("color", "red").attribute("size", "m").build());
            assertThat(receiveAllBodies(s, 2)).containsExactlyInAnyOrder("red-s", "red-m");
        }

        @Test
        @DisplayName("a filtered and an unfiltered subscription of one topic each get what they should")
        void filteredBesideUnfiltered() {
            assumeFilters();
            Topic t = newTopic();
            Subscription blue = newFiltered(t, SubscriptionFilter.equals("color", "blue"));
            Subscription all = newSubscription(t);
            List<Message> batch = List.of(colored("a", "red"), colored("b", "blue"), colored("c", "green"),
                    colored("d", "blue"));
            t.publishBatch(batch);
            assertThat(receiveAllBodies(all, 4)).containsExactlyInAnyOrder("a", "b", "c", "d");
            assertThat(receiveAllBodies(blue, 2)).containsExactlyInAnyOrder("b", "d");
        }

        @Test
        @DisplayName("an empty filter, or one naming an attribute twice, is refused with INVALID_ARGUMENT")
        void badFilters() {
            assertInvalidArgument(() -> new SubscriptionFilter(Map.of()));
            assertInvalidArgument(() -> SubscriptionFilter.oneOf("color"));
            assertInvalidArgument(() -> SubscriptionFilter.equals("color", "red")
                    .and(SubscriptionFilter.equals("color", "blue")));
        }
    }

    // ---------------------------------------------------------------- ordering groups

    @Nested
    @DisplayName("ordering groups")
    class Ordering {

        @Test
        @DisplayName("messages of one ordering group arrive in publish order")
        void orderPerGroup() {
            Assumptions.assumeTrue(caps().orderingGroups(), "provider does not declare orderingGroups");
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            int perGroup = 10;
            for (int i = 0; i < perGroup; i++) {
                t.publish(Message.builder().body("a-" + i).orderingGroup("ga").build());
                t.publish(Message.builder().body("b-" + i).orderingGroup("gb").build());
            }
            Map<String, List<String>> seen = new HashMap<>();
            int received = 0;
            long deadline = System.nanoTime() + target().patience().toNanos();
            while (received < 2 * perGroup && System.nanoTime() < deadline) {
                List<ReceivedMessage> got = s.receive(10, Duration.ofSeconds(1));
                for (ReceivedMessage m : got) {
                    seen.computeIfAbsent(m.orderingGroup().orElse("none"), g -> new ArrayList<>())
                            .add(m.bodyAsString());
                    received++;
                }
                if (!got.isEmpty()) {
                    s.ack(got);
                }
            }
            assertThat(seen.get("ga")).isEqualTo(IntStream.range(0, perGroup).mapToObj(i -> "a-" + i).toList());
            assertThat(seen.get("gb")).isEqualTo(IntStream.range(0, perGroup).mapToObj(i -> "b-" + i).toList());
        }
    }

    // ---------------------------------------------------------------- missing

    @Nested
    @DisplayName("missing topics and subscriptions")
    class Missing {

        @Test
        @DisplayName("publish to a topic that was never created fails with NOT_FOUND")
        void publishToMissing() {
            Topic t = missingTopic();
            assertNotFound(() -> t.publish("x"));
            assertThat(t.exists()).isFalse();
        }

        @Test
        @DisplayName("a batch publish to a topic that was never created fails with NOT_FOUND")
        void publishBatchToMissing() {
            Topic t = missingTopic();
            assertNotFound(() -> t.publishBatch(List.of(Message.of("a"), Message.of("b"))));
        }

        @Test
        @DisplayName("publish to a deleted topic fails with NOT_FOUND")
        void publishToDeleted() {
            Topic t = newTopic();
            t.publish("before delete");
            t.delete();
            assertThat(eventually(t::exists, e -> !e)).isFalse();
            assertNotFound(() -> t.publish("after delete"));
        }

        @Test
        @DisplayName("deleting a topic that was never created fails with NOT_FOUND")
        void deleteMissingTopic() {
            assertNotFound(() -> missingTopic().delete());
        }

        @Test
        @DisplayName("creating a subscription on a missing topic fails with NOT_FOUND")
        void subscribeToMissing() {
            Topic t = missingTopic();
            Subscription s = t.subscription(uniqueName("s"));
            assertNotFound(s::create);
            assertThat(t.exists()).as("the failed subscribe must not create the topic").isFalse();
        }

        @Test
        @DisplayName("exists is false for a subscription that was never created")
        void missingSubscriptionDoesNotExist() {
            assertThat(newTopic().subscription(uniqueName("s")).exists()).isFalse();
        }

        @Test
        @DisplayName("receive on a subscription that was never created fails with NOT_FOUND")
        void receiveOnMissingSubscription() {
            Subscription s = newTopic().subscription(uniqueName("s"));
            assertNotFound(() -> s.receive(1, Duration.ZERO));
        }

        @Test
        @DisplayName("deleting a subscription that was never created fails with NOT_FOUND")
        void deleteMissingSubscription() {
            Subscription s = newTopic().subscription(uniqueName("s"));
            assertNotFound(s::delete);
        }

        @Test
        @DisplayName("receive, ack and nack on a deleted subscription fail with NOT_FOUND")
        void onDeletedSubscription() {
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            t.publish("x");
            ReceivedMessage m = receiveOne(s);
            s.delete();
            assertThat(eventually(s::exists, e -> !e)).isFalse();
            assertNotFound(() -> s.receive(1, Duration.ZERO));
            assertNotFound(() -> s.ack(m));
            assertNotFound(() -> s.nack(m));
        }
    }

    // ---------------------------------------------------------------- validation

    @Nested
    @DisplayName("validation before the network")
    class Validation {

        @Test
        @DisplayName("a message over maxMessageBytes is refused with INVALID_ARGUMENT, even on a topic that does not exist")
        void oversized() {
            byte[] body = new byte[limits().maxMessageBytes() + 1];
            assertInvalidArgument(() -> missingTopic().publish(Message.of(body)));
        }

        @Test
        @DisplayName("one attribute more than maxAttributes is refused with INVALID_ARGUMENT")
        void tooManyAttributes() {
            Message.Builder b = Message.builder().body("x");
            for (int i = 0; i <= limits().maxAttributes(); i++) {
                b.attribute("a" + i, "v");
            }
            assertInvalidArgument(() -> missingTopic().publish(b.build()));
        }

        @Test
        @DisplayName("an empty body is refused with INVALID_ARGUMENT")
        void emptyBody() {
            assertInvalidArgument(() -> missingTopic().publish(Message.of(new byte[0])));
        }

        @Test
        @DisplayName("an empty batch and a batch over 1,000 messages are refused with INVALID_ARGUMENT")
        void badBatches() {
            Topic t = missingTopic();
            assertInvalidArgument(() -> t.publishBatch(List.of()));
            assertInvalidArgument(() -> t.publishBatch(Collections.nCopies(Topic.MAX_BATCH + 1, Message.of("x"))));
        }

        @Test
        @DisplayName("a batch with one bad message is refused whole: nothing is published")
        void badBatchPublishesNothing() {
            Topic t = newTopic();
            Subscription s = newSubscription(t);
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                batch.add(Message.of("good-" + i));
            }
            batch.add(Message.builder().body("bad").attribute("aws.reserved", "x").build());
            assertInvalidArgument(() -> t.publishBatch(batch));
            assertThat(receiveDuring(s, quietWindow())).isEmpty();
        }

        @ParameterizedTest(name = "topic name \"{0}\"")
        @NullAndEmptySource
        @ValueSource(strings = {"ab", "Events", "9events", "events-", "ev--ents", "ev_ents", "ev.ents", "évents"})
        @DisplayName("a bad topic name is refused with INVALID_ARGUMENT")
        void badTopicName(String name) {
            assertInvalidArgument(() -> cloud.topic(name));
        }

        @ParameterizedTest(name = "subscription name \"{0}\"")
        @NullAndEmptySource
        @ValueSource(strings = {"ab", "Audit", "-audit", "au dit", "au--dit"})
        @DisplayName("a bad subscription name is refused with INVALID_ARGUMENT")
        void badSubscriptionName(String name) {
            Topic t = missingTopic();
            assertInvalidArgument(() -> t.subscription(name));
        }

        @Test
        @DisplayName("a subscription lease over maxLease is refused with INVALID_ARGUMENT")
        void leaseOverMax() {
            Topic t = missingTopic();
            Subscription s = t.subscription(uniqueName("s"));
            Duration over = limits().maxLease().plusSeconds(1);
            assertInvalidArgument(() -> s.create(SubscriptionOptions.builder().defaultLease(over).build()));
            assertInvalidArgument(() -> s.receive(ReceiveOptions.of(1, Duration.ZERO).withLease(over)));
        }

        @Test
        @DisplayName("a delay or a deduplication id on a topic is refused with UNIMPLEMENTED")
        void topicsDoNotDelayOrDeduplicate() {
            Topic t = missingTopic();
            CloudAssertions.assertFailsWith(ErrorCode.UNIMPLEMENTED,
                    () -> t.publish(Message.builder().body("x").delay(Duration.ofSeconds(1)).build()));
            CloudAssertions.assertFailsWith(ErrorCode.UNIMPLEMENTED,
                    () -> t.publish(Message.builder().body("x").deduplicationId("d-1").build()));
        }
    }
}

package dev.polycloud.conformance;

import static dev.polycloud.conformance.CloudAssertions.assertFailsWith;
import static dev.polycloud.conformance.CloudAssertions.assertInvalidArgument;
import static dev.polycloud.conformance.CloudAssertions.assertNotFound;
import static dev.polycloud.conformance.CloudAssertions.assertUnimplemented;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.message.Message;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueCapabilities;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableCapabilities;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.Value;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import dev.polycloud.topic.Topic;
import dev.polycloud.topic.TopicCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors and capabilities across building blocks: the portable name rule, capabilities checked
 * both ways (a declared option works, an undeclared one fails with
 * {@link ErrorCode#UNIMPLEMENTED} — these tests never skip), the labelling of
 * {@link CloudException}s, and the coherence of the declared limits.
 */
@DisplayName("Errors, names and capabilities")
public abstract class ErrorConformance extends ConformanceSuite {

    // ---------------------------------------------------------------- helpers

    private QueueCapabilities queueCaps() {
        return capabilities().queues();
    }

    private TopicCapabilities topicCaps() {
        return capabilities().topics();
    }

    private Queue newQueue(QueueOptions options) {
        Queue q = cloud.queue(uniqueName("q"));
        afterwards(q::delete);
        return q.create(options);
    }

    private Topic newTopic() {
        assumeTopics();
        Topic t = cloud.topic(uniqueName("t"));
        afterwards(t::delete);
        return t.create();
    }

    private Subscription newSubscription(Topic t, SubscriptionOptions options) {
        Subscription s = t.subscription(uniqueName("s"));
        afterwards(s::delete);
        return s.create(options);
    }

    private Table newTable(String name, TableSchema schema) {
        Table t = cloud.table(name);
        afterwards(t::deleteTable);
        return t.createTable(schema);
    }

    private ReceivedMessage receiveOne(dev.polycloud.message.MessageReceiver receiver) {
        List<ReceivedMessage> got = receiveAtLeast(receiver, 1);
        assertThat(got).as("a message should arrive within %s", target().patience()).isNotEmpty();
        receiver.ack(got);
        return got.get(0);
    }

    /** A valid name of exactly {@code length} characters, random enough not to collide. */
    private static String nameOfLength(char first, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder().append(first);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (sb.length() < length) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- names

    /** What a portable name names. */
    protected enum Kind {
        QUEUE("queue") {
            @Override
            void handle(Cloud cloud, String name) {
                cloud.queue(name);
            }
        },
        TOPIC("topic") {
            @Override
            void handle(Cloud cloud, String name) {
                cloud.topic(name);
            }
        },
        SUBSCRIPTION("subscription") {
            @Override
            void handle(Cloud cloud, String name) {
                cloud.topic("some-topic").subscription(name);
            }
        },
        TABLE("table") {
            @Override
            void handle(Cloud cloud, String name) {
                cloud.table(name);
            }
        },
        DEAD_LETTER_QUEUE("dead-letter queue") {
            @Override
            void handle(Cloud cloud, String name) {
                QueueOptions.builder().deadLetter(name, 3);
            }
        };

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        abstract void handle(Cloud cloud, String name);

        @Override
        public String toString() {
            return label;
        }
    }

    private static final List<String> BAD_NAMES = java.util.Arrays.asList(null, "", "ab", "x".repeat(64),
            "Orders", "1orders", "-orders", "orders-", "or--ders", "or_ders", "or ders", "or.ders", "ordérs",
            "orders\n", "orders/x");

    static Stream<Arguments> badNames() {
        List<Arguments> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (String name : BAD_NAMES) {
                String shown = name == null ? "null" : name.replace("\n", "\\n");
                all.add(Arguments.of(kind, name, shown));
            }
        }
        return all.stream();
    }

    @Nested
    @DisplayName("resource names")
    class Names {

        @ParameterizedTest(name = "{0} name \"{2}\"")
        @MethodSource("dev.polycloud.conformance.ErrorConformance#badNames")
        @DisplayName("a name outside the portable rule is refused with INVALID_ARGUMENT before any network call")
        void badName(Kind kind, String name, String shown) {
            if (kind == Kind.SUBSCRIPTION) {
                assumeTopics();
            }
            CloudException e = assertInvalidArgument(() -> kind.handle(cloud, name));
            assertThat(e.getMessage()).as("the message names what is named").containsIgnoringCase(
                    kind == Kind.DEAD_LETTER_QUEUE ? "dead-letter" : kind.toString());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Kind.class)
        @DisplayName("names at the edges of the rule are accepted")
        void edgeNames(Kind kind) {
            if (kind == Kind.TOPIC || kind == Kind.SUBSCRIPTION) {
                assumeTopics();
            }
            for (String name : List.of("abc", "a-b", "a1b", "a0-9", "z".repeat(63), "a-b-c-d-e-f-g")) {
                assertThatCode(() -> kind.handle(cloud, name)).as("name %s", name).doesNotThrowAnyException();
            }
        }

        @Test
        @DisplayName("the shortest and longest valid queue names work end to end")
        void queueNamesEndToEnd() {
            for (String name : List.of(nameOfLength('q', 3), nameOfLength('q', 63))) {
                Queue q = newNamedQueue(name);
                q.send("name " + name.length());
                assertThat(receiveOne(q).bodyAsString()).isEqualTo("name " + name.length());
            }
        }

        private Queue newNamedQueue(String name) {
            Queue q = cloud.queue(name);
            afterwards(q::delete);
            return q.create();
        }

        @Test
        @DisplayName("the shortest and longest valid topic and subscription names work end to end")
        void topicNamesEndToEnd() {
            assumeTopics();
            for (int length : new int[] {3, 63}) {
                Topic t = cloud.topic(nameOfLength('t', length));
                afterwards(t::delete);
                t.create();
                Subscription s = t.subscription(nameOfLength('s', length));
                afterwards(s::delete);
                s.create();
                t.publish("name " + length);
                assertThat(receiveOne(s).bodyAsString()).isEqualTo("name " + length);
            }
        }

        @Test
        @DisplayName("the shortest and longest valid table names work end to end")
        void tableNamesEndToEnd() {
            for (int length : new int[] {3, 63}) {
                Table t = newTable(nameOfLength('t', length), TableSchema.of("id", KeyType.STRING));
                t.put(Item.builder().put("id", "a").put("n", (long) length).build());
                assertThat(t.get(Key.of("a")).orElseThrow().getLong("n")).contains((long) length);
            }
        }

        @Test
        @DisplayName("names that differ only by a hyphen are different resources")
        void hyphensMatter() {
            String base = uniqueName("h");
            String plain = base.replace("-", "");
            Queue a = newNamedQueue(base);
            Queue b = newNamedQueue(plain);
            a.send("to a");
            assertThat(receiveDuring(b, quietWindow())).as("messages on %s", plain).isEmpty();
            assertThat(receiveOne(a).bodyAsString()).isEqualTo("to a");
        }
    }

    // ---------------------------------------------------------------- capabilities

    @Nested
    @DisplayName("capabilities, both ways (never skipped)")
    class CapabilitiesBothWays {

        @Test
        @DisplayName("delay: if declared, a delayed message arrives and maxDelay is enforced; if not, UNIMPLEMENTED")
        void delay() {
            Message delayed = Message.builder().body("later").delay(Duration.ofSeconds(1)).build();
            if (queueCaps().delay()) {
                assertThat(queueCaps().maxDelay()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                Queue q = newQueue(QueueOptions.defaults());
                q.send(delayed);
                assertThat(receiveOne(q).bodyAsString()).isEqualTo("later");
                Duration over = queueCaps().maxDelay().plusSeconds(1);
                assertInvalidArgument(() -> q.send(Message.builder().body("x").delay(over).build()));
            } else {
                assertThat(queueCaps().maxDelay()).isEqualTo(Duration.ZERO);
                Queue q = cloud.queue(uniqueName("missing"));
                assertUnimplemented(() -> q.send(delayed));
                Queue existing = newQueue(QueueOptions.defaults());
                assertUnimplemented(() -> existing.send(delayed));
                assertThat(receiveDuring(existing, quietWindow())).as("nothing was sent").isEmpty();
            }
        }

        @Test
        @DisplayName("fifo: if declared, a FIFO queue takes ordering groups; if not, both fail with UNIMPLEMENTED")
        void fifo() {
            Message grouped = Message.builder().body("grouped").orderingGroup("g").build();
            if (queueCaps().fifo()) {
                Queue q = newQueue(QueueOptions.builder().fifo(true).build());
                assertThat(q.options().fifo()).isTrue();
                q.send(grouped);
                assertThat(receiveOne(q).orderingGroup()).contains("g");
            } else {
                Queue q = cloud.queue(uniqueName("q"));
                afterwards(q::delete);
                assertUnimplemented(() -> q.create(QueueOptions.builder().fifo(true).build()));
                assertThat(q.exists()).as("the refused FIFO queue must not be created").isFalse();
                assertUnimplemented(() -> cloud.queue(uniqueName("missing")).send(grouped));
            }
        }

        @Test
        @DisplayName("deduplication: if declared, a deduplication id is honoured; if not, UNIMPLEMENTED")
        void deduplication() {
            Message first = Message.builder().body("first").orderingGroup("g").deduplicationId("same").build();
            Message again = Message.builder().body("again").orderingGroup("g").deduplicationId("same").build();
            if (queueCaps().deduplication()) {
                assertThat(queueCaps().fifo()).as("deduplication ids need FIFO queues, so fifo must be declared")
                        .isTrue();
                Queue q = newQueue(QueueOptions.builder().fifo(true).build());
                q.send(first);
                q.send(again);
                assertThat(receiveOne(q).bodyAsString()).isEqualTo("first");
                assertThat(receiveDuring(q, quietWindow())).as("the duplicate").isEmpty();
            } else {
                Message dedupOnly = Message.builder().body("x").deduplicationId("same").build();
                assertUnimplemented(() -> cloud.queue(uniqueName("missing")).send(dedupOnly));
                if (queueCaps().fifo()) {
                    Queue q = newQueue(QueueOptions.builder().fifo(true).build());
                    assertUnimplemented(() -> q.send(first));
                }
            }
        }

        @Test
        @DisplayName("subscriptionFilters: if declared, a filter filters; if not, UNIMPLEMENTED and nothing is created")
        void subscriptionFilters() {
            Topic t = newTopic();
            SubscriptionOptions filtered = SubscriptionOptions.builder()
                    .filter(SubscriptionFilter.equals("color", "red")).build();
            if (topicCaps().subscriptionFilters()) {
                Subscription s = newSubscription(t, filtered);
                t.publish(Message.builder().body("blue").attribute("color", "blue").build());
                t.publish(Message.builder().body("red").attribute("color", "red").build());
                assertThat(receiveOne(s).bodyAsString()).isEqualTo("red");
                assertThat(receiveDuring(s, quietWindow())).isEmpty();
            } else {
                Subscription s = t.subscription(uniqueName("s"));
                afterwards(s::delete);
                assertUnimplemented(() -> s.create(filtered));
                assertThat(s.exists()).as("the refused subscription must not be created").isFalse();
            }
        }

        @Test
        @DisplayName("orderingGroups on topics: if declared, the group is delivered; if not, UNIMPLEMENTED")
        void topicOrderingGroups() {
            assumeTopics();
            Message grouped = Message.builder().body("grouped").orderingGroup("g").build();
            if (topicCaps().orderingGroups()) {
                Topic t = newTopic();
                Subscription s = newSubscription(t, SubscriptionOptions.defaults());
                t.publish(grouped);
                assertThat(receiveOne(s).orderingGroup()).contains("g");
            } else {
                assertUnimplemented(() -> cloud.topic(uniqueName("missing")).publish(grouped));
                Topic t = newTopic();
                assertUnimplemented(() -> t.publish(grouped));
            }
        }

        @Test
        @DisplayName("topics never delay nor deduplicate: UNIMPLEMENTED on every provider")
        void topicDelayAndDeduplication() {
            Topic t = newTopic();
            assertUnimplemented(() -> t.publish(Message.builder().body("x").delay(Duration.ofSeconds(1)).build()));
            assertUnimplemented(() -> t.publish(Message.builder().body("x").deduplicationId("d").build()));
        }

        @Test
        @DisplayName("nativeDeadLetter: dead-lettering works whether the cloud does it or the portable layer does")
        void deadLetterEitherWay() {
            Queue dlq = newQueue(QueueOptions.defaults());
            Queue q = newQueue(QueueOptions.builder().deadLetter(dlq.name(), 1).build());
            q.send("once");
            List<ReceivedMessage> first = receiveAtLeast(q, 1);
            assertThat(first).hasSize(1);
            q.nack(first);
            ReceivedMessage dead = null;
            long deadline = System.nanoTime() + target().patience().toNanos();
            while (dead == null && System.nanoTime() < deadline) {
                assertThat(q.receive(10, Duration.ofMillis(500))).as("redeliveries past maxDeliveries 1").isEmpty();
                List<ReceivedMessage> got = dlq.receive(1, Duration.ofMillis(500));
                dead = got.isEmpty() ? null : got.get(0);
            }
            assertThat(dead).as("the message on the dead-letter queue (nativeDeadLetter=%s)",
                    queueCaps().nativeDeadLetter()).isNotNull();
            assertThat(dead.bodyAsString()).isEqualTo("once");
            dlq.ack(dead);
        }

        @Test
        @DisplayName("unwrap to a type the provider does not offer fails with UNIMPLEMENTED")
        void unwrapUnknown() {
            assertUnimplemented(() -> cloud.unwrap(ErrorConformance.class));
        }
    }

    // ---------------------------------------------------------------- labelling

    @Nested
    @DisplayName("error labelling")
    class Labelling {

        private void assertLabelled(CloudException e, String name) {
            assertThat(e.provider()).as("provider of %s", e).contains(cloud.provider());
            assertThat(e.resource()).as("resource of %s", e).hasValueSatisfying(r -> assertThat(r).contains(name));
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.toString()).contains(e.code().name());
        }

        @Test
        @DisplayName("NOT_FOUND on a queue names the provider and the queue, and is not retryable")
        void queueNotFound() {
            String name = uniqueName("missing");
            assertLabelled(assertNotFound(() -> cloud.queue(name).send("x")), name);
        }

        @Test
        @DisplayName("NOT_FOUND on a topic names the provider and the topic")
        void topicNotFound() {
            assumeTopics();
            String name = uniqueName("missing");
            assertLabelled(assertNotFound(() -> cloud.topic(name).publish("x")), name);
        }

        @Test
        @DisplayName("NOT_FOUND on a subscription names the provider and the subscription")
        void subscriptionNotFound() {
            Topic t = newTopic();
            String name = uniqueName("missing");
            assertLabelled(assertNotFound(() -> t.subscription(name).receive(1, Duration.ZERO)), name);
        }

        @Test
        @DisplayName("NOT_FOUND on a table names the provider and the table")
        void tableNotFound() {
            String name = uniqueName("missing");
            assertLabelled(assertNotFound(() -> cloud.table(name).get(Key.of("a"))), name);
        }

        @Test
        @DisplayName("PRECONDITION_FAILED and ALREADY_EXISTS on a table name the provider and the table")
        void conditionFailuresLabelled() {
            String name = uniqueName("t");
            Table t = newTable(name, TableSchema.of("id", KeyType.STRING));
            Item stale = t.put(Item.builder().put("id", "a").build());
            t.put(Item.builder().put("id", "a").put("n", 1L).build());
            assertLabelled(assertFailsWith(ErrorCode.ALREADY_EXISTS,
                    () -> t.insert(Item.builder().put("id", "a").build())), name);
            assertLabelled(assertFailsWith(ErrorCode.PRECONDITION_FAILED,
                    () -> t.put(Item.builder().put("id", "a").build(),
                            dev.polycloud.table.WriteCondition.ifVersion(stale.version().orElseThrow()))), name);
        }

        @Test
        @DisplayName("a message over the size limit is refused with a message naming the limit")
        void messageSizeNamesLimit() {
            MessageLimits limits = queueCaps().limits();
            CloudException e = assertInvalidArgument(() -> cloud.queue(uniqueName("missing"))
                    .send(Message.of(new byte[limits.maxMessageBytes() + 1])));
            assertThat(e.getMessage()).contains(Integer.toString(limits.maxMessageBytes()));
        }

        @Test
        @DisplayName("too many attributes are refused with a message naming the limit")
        void attributeCountNamesLimit() {
            MessageLimits limits = queueCaps().limits();
            Message.Builder b = Message.builder().body("x");
            for (int i = 0; i <= limits.maxAttributes(); i++) {
                b.attribute("a" + i, "v");
            }
            CloudException e = assertInvalidArgument(() -> cloud.queue(uniqueName("missing")).send(b.build()));
            assertThat(e.getMessage()).contains(Integer.toString(limits.maxAttributes()));
        }

        @Test
        @DisplayName("an oversized item is refused with a message naming the limit")
        void itemSizeNamesLimit() {
            TableCapabilities caps = capabilities().tables();
            Table t = newTable(uniqueName("t"), TableSchema.of("id", KeyType.STRING));
            Item big = Item.builder().put("id", "a").put("blob", Value.of(new byte[caps.maxItemBytes()])).build();
            CloudException e = assertInvalidArgument(() -> t.put(big));
            assertThat(e.getMessage()).contains(Integer.toString(caps.maxItemBytes()));
        }

        @Test
        @DisplayName("a bad name is refused with a message quoting the name")
        void badNameQuoted() {
            CloudException e = assertInvalidArgument(() -> cloud.queue("Bad_Name"));
            assertThat(e.getMessage()).contains("Bad_Name");
        }

        @Test
        @DisplayName("an unknown provider id fails at open with INVALID_ARGUMENT naming the key and the accepted values")
        void unknownProvider() {
            CloudException e = assertInvalidArgument(() -> Polycloud.open(
                    PolycloudConfig.builder().provider("no-such-cloud").build()).close());
            assertThat(e.getMessage()).contains(PolycloudConfig.PROVIDER).contains("local");
        }

        @Test
        @DisplayName("only THROTTLED, UNAVAILABLE and DEADLINE_EXCEEDED are retryable")
        void retryableCodes() {
            for (ErrorCode code : ErrorCode.values()) {
                boolean expected = code == ErrorCode.THROTTLED || code == ErrorCode.UNAVAILABLE
                        || code == ErrorCode.DEADLINE_EXCEEDED;
                assertThat(code.retryable()).as("%s", code).isEqualTo(expected);
                assertThat(new CloudException(code, "m").retryable()).isEqualTo(expected);
            }
        }
    }

    // ---------------------------------------------------------------- declared limits

    @Nested
    @DisplayName("declared capabilities")
    class Declared {

        @Test
        @DisplayName("the capabilities name the provider of the cloud")
        void providerId() {
            assertThat(cloud.provider()).isNotBlank().isEqualTo(cloud.provider().toLowerCase(Locale.ROOT));
            assertThat(capabilities().provider()).isEqualTo(cloud.provider());
        }

        @Test
        @DisplayName("queue and topic leases fit the target's short lease, and limits are usable")
        void messageLimitsCoherent() {
            for (MessageLimits limits : List.of(queueCaps().limits(), topicCaps().limits())) {
                assertThat(limits.maxLease()).isGreaterThanOrEqualTo(target().shortLease())
                        .isGreaterThanOrEqualTo(QueueOptions.DEFAULT_LEASE);
                assertThat(limits.maxMessageBytes()).isGreaterThanOrEqualTo(1024);
                assertThat(limits.maxBatchSize()).isBetween(1, Queue.MAX_BATCH);
                assertThat(limits.maxReceiveBatch()).isBetween(1, 1000);
            }
            assertThat(queueCaps().maxDelay().isNegative()).as("maxDelay is negative").isFalse();
        }

        @Test
        @DisplayName("table limits are usable")
        void tableLimitsCoherent() {
            TableCapabilities caps = capabilities().tables();
            assertThat(caps.maxItemBytes()).isGreaterThanOrEqualTo(1024);
            assertThat(caps.maxBatchGet()).isBetween(1, Table.MAX_BATCH);
            assertThat(caps.maxBatchWrite()).isBetween(1, Table.MAX_BATCH);
            assertThat(caps.maxPageSize()).isGreaterThanOrEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- one code for one mistake

    /**
     * A cloud of this provider whose functions API can be reached, for the tests that need functions to
     * answer (a route to a missing function). Closing it closes what {@link #functionsCloud()} opened.
     *
     * @param cloud the cloud
     * @param owned whether closing it closes the cloud
     */
    public record FunctionsCloud(Cloud cloud, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                cloud.close();
            }
        }
    }

    /**
     * The cloud to test function routes on: by default the suite's own cloud. A runner whose target declares
     * functions but configures no functions API (GCP on its emulators: Cloud Functions has none, so the
     * provider refuses with PRECONDITION_FAILED) returns a cloud of the same provider that reaches a stand-in.
     *
     * @return the cloud
     */
    protected FunctionsCloud functionsCloud() {
        return new FunctionsCloud(cloud, false);
    }

    @Nested
    @DisplayName("one code for one mistake")
    class OneCode {

        private ReceivedMessage forged(String receipt) {
            return new ReceivedMessage("never-issued", new byte[] {1}, java.util.Map.of(), 1, java.time.Instant.now(),
                    java.util.Optional.empty(), receipt);
        }

        @Test
        @DisplayName("ack and nack of receipts that were never issued are no-ops, on queues and subscriptions")
        void unknownReceiptsAreNoOps() {
            Queue q = newQueue(QueueOptions.defaults());
            List<String> receipts = List.of("garbage", "m123.fake-ack-id", "id:pop", "x".repeat(300));
            for (String receipt : receipts) {
                assertThatCode(() -> q.ack(forged(receipt))).as("ack %s", receipt).doesNotThrowAnyException();
                assertThatCode(() -> q.nack(forged(receipt))).as("nack %s", receipt).doesNotThrowAnyException();
            }
            q.send(Message.of("still works"));
            assertThat(bodies(receiveAndAck(q, 1))).containsExactly("still works");
            if (capabilities().topics().supported()) {
                Topic t = newTopic();
                Subscription s = newSubscription(t, SubscriptionOptions.defaults());
                for (String receipt : receipts) {
                    assertThatCode(() -> s.ack(forged(receipt))).as("ack %s", receipt).doesNotThrowAnyException();
                    assertThatCode(() -> s.nack(forged(receipt))).as("nack %s", receipt).doesNotThrowAnyException();
                }
            }
        }

        @Test
        @DisplayName("a gateway route to a function that does not exist is NOT_FOUND where functions and gateways are"
                + " declared, UNIMPLEMENTED where they are not")
        void routeToMissingFunction() throws Exception {
            GatewaySpec spec = GatewaySpec.builder().route("GET /orders", uniqueName("missing-fn")).build();
            String gateway = uniqueName("gw");
            if (!capabilities().functions().supported() || !capabilities().gateways().supported()) {
                assertUnimplemented(() -> cloud.gateway(gateway).deploy(spec));
                return;
            }
            try (FunctionsCloud functions = functionsCloud()) {
                CloudException e = assertNotFound(() -> functions.cloud().gateway(gateway).deploy(spec));
                assertThat(e.getMessage()).contains(spec.routes().get(0).function());
            }
        }

        @Test
        @DisplayName("extendLease of a receipt that was never issued is PRECONDITION_FAILED, like a lease that ended")
        void extendUnknownReceipt() {
            Queue q = newQueue(QueueOptions.defaults());
            for (String receipt : List.of("garbage", "m123.fake-ack-id", "id:pop", "x".repeat(300))) {
                assertFailsWith(ErrorCode.PRECONDITION_FAILED,
                        () -> q.extendLease(forged(receipt), Duration.ofSeconds(5)));
            }
        }

        @Test
        @DisplayName("reading a table value as the wrong type is INVALID_ARGUMENT, and a null key NullPointerException")
        void valueMisuse() {
            assertInvalidArgument(() -> Item.builder().put("s", "text").build().getLong("s"));
            assertInvalidArgument(() -> Value.from(new java.util.Date()));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Key.of(null))
                    .isInstanceOf(NullPointerException.class);
        }
    }
}

package dev.polycloud.aws;

import dev.polycloud.aws.dynamodb.DynamoSize;
import dev.polycloud.aws.dynamodb.DynamoValues;
import dev.polycloud.aws.internal.MessageCodec;
import dev.polycloud.aws.sns.SnsSubscriptionDriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Query;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.Value;
import dev.polycloud.table.WriteCondition;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import dev.polycloud.topic.Topic;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Driver-level checks against moto of what the conformance suite cannot see: how Polycloud's
 * data looks to native AWS tools, how native data looks to Polycloud, and the mappings that only
 * a real service answer exercises.
 */
@DisplayName("The AWS drivers on moto")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsOnMotoTest {

    private Cloud cloud;

    @BeforeAll
    void open() {
        cloud = onMoto(Map.of());
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static String name(String prefix) {
        return (prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36))
                .toLowerCase(Locale.ROOT);
    }

    private static List<ReceivedMessage> receive(dev.polycloud.message.MessageReceiver r, int count) {
        List<ReceivedMessage> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(r.receive(10, Duration.ofSeconds(1)));
        }
        return got;
    }

    @Nested
    @DisplayName("queues")
    class Queues {

        @Test
        @DisplayName("a text body is plain text for a native consumer, a binary one carries the marker")
        void nativeView() {
            Queue q = cloud.queue(name("q")).create();
            q.send(Message.builder().body("plain ✓").attribute("k", "v").build());
            q.send(Message.of(new byte[] {0, 1, (byte) 0xFF}));
            SqsClient sqs = cloud.unwrap(SqsClient.class);
            String url = sqs.getQueueUrl(b -> b.queueName(q.name())).queueUrl();
            List<String> bodies = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (bodies.size() < 2 && System.nanoTime() < deadline) {
                sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageAttributeNames("All")).messages().forEach(m -> {
                            bodies.add(m.body());
                            if (m.body().startsWith("plain")) {
                                assertThat(m.messageAttributes().get("k").stringValue()).isEqualTo("v");
                            }
                        });
            }
            assertThat(bodies).containsExactlyInAnyOrder("plain ✓", MessageCodec.BINARY_MARKER + "AAH/");
            q.delete();
        }

        @Test
        @DisplayName("a message sent natively is received, Number attributes as text")
        void nativeMessage() {
            Queue q = cloud.queue(name("q")).create();
            SqsClient sqs = cloud.unwrap(SqsClient.class);
            String url = sqs.getQueueUrl(b -> b.queueName(q.name())).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("native").messageAttributes(Map.of(
                    "n", MessageAttributeValue.builder().dataType("Number").stringValue("42").build())));
            ReceivedMessage m = receive(q, 1).get(0);
            assertThat(m.bodyAsString()).isEqualTo("native");
            assertThat(m.attributes()).containsExactly(Map.entry("n", "42"));
            q.ack(m);
            q.delete();
        }

        @Test
        @DisplayName("the options are native queue attributes, read back by another cloud")
        void optionsAreNative() {
            Queue dlq = cloud.queue(name("dlq")).create();
            Queue q = cloud.queue(name("q")).create(QueueOptions.builder().defaultLease(Duration.ofMillis(1500))
                    .deadLetter(dlq.name(), 4).build());
            Map<String, String> attributes = cloud.unwrap(SqsClient.class).getQueueAttributes(b -> b
                    .queueUrl(cloud.unwrap(SqsClient.class).getQueueUrl(u -> u.queueName(q.name())).queueUrl())
                    .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
            assertThat(attributes).containsEntry("VisibilityTimeout", "2");
            assertThat(attributes.get("RedrivePolicy")).contains(dlq.name(), "4");
            try (Cloud other = openWithoutReset()) {
                assertThat(other.queue(q.name()).options()).isEqualTo(QueueOptions.builder()
                        .defaultLease(Duration.ofSeconds(2)).deadLetter(dlq.name(), 4).build());
            }
            q.delete();
            dlq.delete();
        }

        @Test
        @DisplayName("a FIFO queue is found by its portable name; a standard one of the same name cannot be added")
        void fifoName() {
            Queue q = cloud.queue(name("q")).create(QueueOptions.builder().fifo(true).build());
            SqsClient sqs = cloud.unwrap(SqsClient.class);
            assertThat(sqs.getQueueUrl(b -> b.queueName(q.name() + ".fifo")).queueUrl()).endsWith(".fifo");
            assertThat(q.exists()).isTrue();
            assertThatThrownBy(() -> q.create(QueueOptions.defaults())).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
            q.send(Message.of("no group"));
            ReceivedMessage m = receive(q, 1).get(0);
            assertThat(m.orderingGroup()).as("the default group is not reported").isEmpty();
            q.ack(m);
            q.delete();
        }

        @Test
        @DisplayName("a delay on a FIFO queue is UNIMPLEMENTED (SQS takes no per-message delay there)")
        void fifoDelay() {
            Queue q = cloud.queue(name("q")).create(QueueOptions.builder().fifo(true).build());
            assertThatThrownBy(() -> q.send(Message.builder().body("x").delay(Duration.ofSeconds(2)).build()))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED));
            q.delete();
        }

        @Test
        @DisplayName("ten messages too large to share one request are sent in several")
        void requestSizeSplit() {
            Queue q = cloud.queue(name("q")).create();
            byte[] big = new byte[100_000];
            java.util.Arrays.fill(big, (byte) 'x');
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(Message.of(big));
            }
            assertThat(q.sendBatch(batch)).hasSize(10).doesNotHaveDuplicates();
            List<ReceivedMessage> got = receive(q, 10);
            assertThat(got).hasSize(10).allSatisfy(m -> assertThat(m.body()).isEqualTo(big));
            q.ack(got);
            q.delete();
        }
    }

    /** A cloud on the shared moto server (always moto: these tests look at moto's native state). */
    private static Cloud onMoto(Map<String, String> extra) {
        return dev.polycloud.Polycloud.open(dev.polycloud.PolycloudConfig.builder().provider("aws")
                .set("polycloud.aws.endpoint", dev.polycloud.emulators.MotoServer.shared().endpoint().toString())
                .set("polycloud.aws.region", "us-east-1")
                .set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test")
                .setAll(extra).build());
    }

    private static Cloud openWithoutReset() {
        return onMoto(Map.of());
    }

    @Nested
    @DisplayName("topics")
    class Topics {

        @Test
        @DisplayName("a subscription is a raw-delivery SQS subscription with a native filter policy")
        void nativeSubscription() {
            Topic t = cloud.topic(name("t")).create();
            Subscription s = t.subscription(name("s")).create(SubscriptionOptions.builder()
                    .filter(SubscriptionFilter.oneOf("color", "red", "blue")).build());
            SnsClient sns = cloud.unwrap(SnsClient.class);
            String topicArn = sns.createTopic(b -> b.name(t.name())).topicArn();
            var subscriptions = sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions();
            assertThat(subscriptions).singleElement().satisfies(sub -> {
                assertThat(sub.protocol()).isEqualTo("sqs");
                assertThat(sub.endpoint()).endsWith(":" + t.name() + "--" + s.name());
                Map<String, String> a = sns.getSubscriptionAttributes(b -> b.subscriptionArn(sub.subscriptionArn()))
                        .attributes();
                assertThat(a).containsEntry("RawMessageDelivery", "true");
                assertThat(a.get("FilterPolicy")).contains("color", "red", "blue");
            });
            try (Cloud other = openWithoutReset()) {
                assertThat(other.topic(t.name()).subscription(s.name()).options().filter())
                        .contains(SubscriptionFilter.oneOf("color", "red", "blue"));
            }
            s.delete();
            t.delete();
        }

        @Test
        @DisplayName("the longest names give an SQS queue name within 80 characters, distinct per subscription")
        void longNames() {
            String topic = "t".repeat(63);
            String a = SnsSubscriptionDriver.queueName(topic, "s".repeat(62) + "a");
            String b = SnsSubscriptionDriver.queueName(topic, "s".repeat(62) + "b");
            assertThat(a).hasSizeLessThanOrEqualTo(80).isNotEqualTo(b).contains("--");
            assertThat(SnsSubscriptionDriver.queueName("orders", "audit")).isEqualTo("orders--audit");
        }

        @Test
        @DisplayName("a published message's id survives delivery, and the id attribute stays hidden")
        void ids() {
            Topic t = cloud.topic(name("t")).create();
            Subscription s = t.subscription(name("s")).create();
            String id = t.publish(Message.builder().body("x").attribute("a", "b").build());
            ReceivedMessage m = receive(s, 1).get(0);
            assertThat(m.id()).isEqualTo(id);
            assertThat(m.attributes()).containsExactly(Map.entry("a", "b"));
            s.ack(m);
            s.delete();
            t.delete();
        }
    }

    @Nested
    @DisplayName("tables")
    class Tables {

        @Test
        @DisplayName("numbers are native N values, and the type marker is a reserved map")
        void nativeView() {
            Table t = cloud.table(name("t")).createTable(TableSchema.of("id", KeyType.STRING));
            t.put(Item.builder().put("id", "a").put("l", 5L).put("d", Value.of(new BigDecimal("1.50")))
                    .put("f", 0.25).build());
            Map<String, AttributeValue> raw = cloud.unwrap(DynamoDbClient.class).getItem(b -> b.tableName(t.name())
                    .key(Map.of("id", AttributeValue.fromS("a")))).item();
            assertThat(raw.get("l").n()).isEqualTo("5");
            assertThat(new BigDecimal(raw.get("d").n())).isEqualByComparingTo("1.5");
            assertThat(Double.parseDouble(raw.get("f").n())).isEqualTo(0.25);
            assertThat(raw.get(DynamoValues.TYPES).m()).containsOnlyKeys("d", "f");
            assertThat(raw.get(DynamoValues.VERSION).s()).isNotBlank();
            t.deleteTable();
        }

        @Test
        @DisplayName("an item written by another tool reads sensibly and can be updated on its version 0")
        void nativeItem() {
            Table t = cloud.table(name("t")).createTable(TableSchema.of("id", KeyType.STRING));
            cloud.unwrap(DynamoDbClient.class).putItem(b -> b.tableName(t.name()).item(Map.of(
                    "id", AttributeValue.fromS("n"), "count", AttributeValue.fromN("7"),
                    "price", AttributeValue.fromN("9.99"), "tags", AttributeValue.fromSs(List.of("x")))));
            Item item = t.get(Key.of("n")).orElseThrow();
            assertThat(item.get("count")).contains(Value.of(7L));
            assertThat(item.get("price")).contains(Value.of(new BigDecimal("9.99")));
            assertThat(item.get("tags")).contains(Value.list(Value.of("x")));
            assertThat(item.version()).contains(DynamoValues.UNVERSIONED);
            Item updated = t.put(item.toBuilder().put("count", 8L).build(),
                    WriteCondition.ifVersion(item.version().orElseThrow()));
            assertThatThrownBy(() -> t.put(item.toBuilder().put("count", 9L).build(),
                    WriteCondition.ifVersion(DynamoValues.UNVERSIONED))).isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
            assertThat(t.get(Key.of("n")).orElseThrow().version()).isEqualTo(updated.version());
            t.deleteTable();
        }

        @Test
        @DisplayName("a cursor of another partition or a garbled one is INVALID_ARGUMENT")
        void badCursors() {
            Table t = cloud.table(name("t")).createTable(TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG));
            for (long i = 0; i < 5; i++) {
                t.put(Item.builder().put("pk", "p").put("sk", i).build());
                t.put(Item.builder().put("pk", "q").put("sk", i).build());
            }
            String cursor = t.query(Query.partition("p").limit(2).build()).cursor().orElseThrow();
            assertThat(t.query(Query.partition("p").limit(2).cursor(cursor).build()).items()).hasSize(2);
            for (Query bad : List.of(Query.partition("q").cursor(cursor).build(),
                    Query.partition("p").cursor("garbage").build())) {
                assertThatThrownBy(() -> t.query(bad)).isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            }
            t.deleteTable();
        }

        @Test
        @DisplayName("an item of exactly maxItemBytes fits DynamoDB's 400 KB by AWS's published rules, version and all")
        void largestItemFits() {
            int max = cloud.capabilities().tables().maxItemBytes();
            Item probe = Item.builder().put("id", "big").put("blob", Value.of(new byte[0])).build();
            int blob = (int) (max - dev.polycloud.table.ItemSize.of(probe));
            Item item = Item.builder().put("id", "big").put("blob", Value.of(new byte[blob])).build()
                    .withVersion(java.util.UUID.randomUUID().toString());
            assertThat(dev.polycloud.table.ItemSize.of(item)).isEqualTo(max);
            assertThat(DynamoSize.of(DynamoValues.encodeItem(item))).isLessThanOrEqualTo(DynamoSize.MAX_ITEM_BYTES);
            // moto caps items at 405,000 bytes and counts binaries as base64, so the item itself cannot go through it
        }

        @Test
        @DisplayName("an item whose type markers take it past DynamoDB's 400 KB is refused before the call")
        void markersOverLimit() {
            Table t = cloud.table(name("t")).createTable(TableSchema.of("id", KeyType.STRING));
            List<Value> decimals = new ArrayList<>();
            BigDecimal d = new BigDecimal("1234567890123456789012345678901234567.8");
            while (decimals.size() < 18_000) {
                decimals.add(Value.of(d));
            }
            Item item = Item.builder().put("id", "many").put("decimals", Value.of(decimals)).build();
            assertThat(dev.polycloud.table.ItemSize.of(item))
                    .isLessThanOrEqualTo(cloud.capabilities().tables().maxItemBytes());
            assertThatThrownBy(() -> t.put(item)).isInstanceOfSatisfying(CloudException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("type marker");
            });
            t.deleteTable();
        }
    }

    @Test
    @DisplayName("the optional Apache HTTP client works as well as the default one")
    void apacheClient() {
        try (Cloud apache = onMoto(Map.of("polycloud.aws.http-client", "apache"))) {
            Queue q = apache.queue(name("q")).create();
            q.send("over apache");
            ReceivedMessage m = receive(q, 1).get(0);
            assertThat(m.bodyAsString()).isEqualTo("over apache");
            q.ack(m);
            q.delete();
        }
    }

    @Test
    @DisplayName("the id returned for a queue message is SQS's message id")
    void queueIdIsNative() {
        Queue q = cloud.queue(name("q")).create();
        String id = q.send("x");
        SqsClient sqs = cloud.unwrap(SqsClient.class);
        String url = sqs.getQueueUrl(b -> b.queueName(q.name())).queueUrl();
        var native_ = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(2)).messages();
        assertThat(native_).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(id);
            assertThat(m.body().getBytes(StandardCharsets.UTF_8)).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        });
        q.delete();
    }
}

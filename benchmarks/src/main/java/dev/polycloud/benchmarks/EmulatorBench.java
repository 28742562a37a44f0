package dev.polycloud.benchmarks;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.stub.GrpcPublisherStub;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.Azurite;
import dev.polycloud.emulators.GcpEmulators;
import dev.polycloud.emulators.MotoServer;
import dev.polycloud.message.Message;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Query;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Emulator round trips, Polycloud against the raw native call on the very client Polycloud uses
 * ({@code cloud.unwrap(...)}), interleaved call by call in one JVM against the same emulator.
 *
 * <ul>
 *   <li>{@code aws} on moto: SQS send and receive + delete, DynamoDB put, get and a query of 20
 *       items, and a batch of 1,000 messages against raw {@code SendMessageBatch} calls of 10 and
 *       raw one-by-one sends;</li>
 *   <li>{@code gcp} on the gcloud Pub/Sub and Firestore emulators: Pub/Sub publish and pull + ack
 *       (a queue, which is a topic with one subscription), Firestore set, get and a query of 20
 *       items, and a batch of 1,000 against one raw {@code PublishRequest} of 1,000 and raw
 *       one-by-one publishes;</li>
 *   <li>{@code azure} on Azurite: queue send and receive + delete, table upsert, get and a query of
 *       20 entities, and a batch of 1,000 against 1,000 raw sends (Storage Queues take one message
 *       per request).</li>
 * </ul>
 *
 * <p>Prints one line per row:
 * {@code emulator <provider> <operation>|<polycloud p50 ms>|<raw p50 ms>|<polycloud p99 ms>|<raw p99 ms>}.
 * System properties: {@code providers} (comma-separated, default {@code aws,gcp,azure}),
 * {@code rounds}, {@code calls} per round, {@code batchRounds} and {@code warmup} (pairs of
 * untimed calls before each single-operation row, default 100: enough for the JIT to compile
 * both sides' paths and for the clients' connection pools and channels to settle, so that
 * neither side pays a first-call cost inside the timed calls), and {@code singles}
 * ({@code false} leaves out the 1,000 one-by-one sends of the batch rows, which take tens of
 * seconds a round on the emulators). The batch rows run {@code batchWarmup} untimed rounds of the
 * portable and raw batches first (default 20: with a single warm-up round the portable path, which
 * validates and converts 1,000 messages, was still partly interpreted and measured 2.4× the raw
 * request on the Pub/Sub emulator, against 0.8× after 75 rounds), and alternate which of the two
 * goes first in each round. A provider whose emulator does
 * not start is reported on standard error and skipped.
 */
public final class EmulatorBench {

    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int CALLS = Integer.getInteger("calls", 40);
    private static final int BATCH_ROUNDS = Integer.getInteger("batchRounds", 2);
    private static final int WARMUP = Integer.getInteger("warmup", 100);
    private static final int BATCH_WARMUP = Integer.getInteger("batchWarmup", 20);
    private static final boolean SINGLES = Boolean.parseBoolean(System.getProperty("singles", "true"));
    private static final String PAYLOAD = "benchmark payload";
    private static final int QUERY_ITEMS = 20;

    private EmulatorBench() {
    }

    /** A measured operation. */
    private interface Op {
        void run(int i);
    }

    /**
     * Runs the rows of the selected providers.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        List<String> providers = Arrays.asList(System.getProperty("providers", "aws,gcp,azure").split(","));
        for (String provider : providers) {
            try {
                switch (provider.trim()) {
                    case "aws" -> aws();
                    case "gcp" -> gcp();
                    case "azure" -> azure();
                    default -> throw new IllegalArgumentException("unknown provider " + provider);
                }
            } catch (RuntimeException e) {
                System.err.println("emulator harness: " + provider + " failed: " + e);
                e.printStackTrace();
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ AWS on moto

    private static void aws() {
        MotoServer moto = MotoServer.start();
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("aws")
                .set("polycloud.aws.endpoint", moto.endpoint().toString())
                .set("polycloud.aws.region", "us-east-1")
                .set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test")
                .build())) {
            aws(cloud);
        } finally {
            moto.close();
        }
    }

    private static void aws(Cloud cloud) {
        SqsClient sqs = cloud.unwrap(SqsClient.class);
        DynamoDbClient dynamo = cloud.unwrap(DynamoDbClient.class);
        Queue queue = cloud.queue("bench-portable").create();
        String rawUrl = sqs.createQueue(b -> b.queueName("bench-raw")).queueUrl();
        Message message = Message.builder().body(PAYLOAD).build();

        compare("aws", "sqs send", i -> queue.send(message),
                i -> sqs.sendMessage(b -> b.queueUrl(rawUrl).messageBody(PAYLOAD)));
        compare("aws", "sqs receive+delete", i -> {
            var got = queue.receive(1, Duration.ZERO);
            if (!got.isEmpty()) {
                queue.ack(got.get(0));
            }
        }, i -> {
            var got = sqs.receiveMessage(b -> b.queueUrl(rawUrl).maxNumberOfMessages(1).waitTimeSeconds(0)).messages();
            if (!got.isEmpty()) {
                sqs.deleteMessage(b -> b.queueUrl(rawUrl).receiptHandle(got.get(0).receiptHandle()));
            }
        });

        Table table = cloud.table("bench-portable").createTable(TableSchema.of("pk", KeyType.STRING));
        createDynamoTable(dynamo, "bench-raw", false);
        compare("aws", "dynamodb put", i -> table.put(item(i)), i -> {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put("pk", AttributeValue.fromS("k" + (i % 20)));
            item.put("name", AttributeValue.fromS("Ada"));
            item.put("visits", AttributeValue.fromN(Long.toString(i)));
            dynamo.putItem(b -> b.tableName("bench-raw").item(item));
        });
        compare("aws", "dynamodb get", i -> table.get(Key.of("k" + (i % 20))),
                i -> dynamo.getItem(b -> b.tableName("bench-raw").key(Map.of("pk", AttributeValue.fromS("k" + (i % 20))))));

        Table sorted = cloud.table("bench-portable-q").createTable(
                TableSchema.of("pk", KeyType.STRING, "sk", KeyType.STRING));
        createDynamoTable(dynamo, "bench-raw-q", true);
        for (int i = 0; i < QUERY_ITEMS; i++) {
            int n = i;
            sorted.put(sortedItem(n));
            dynamo.putItem(b -> b.tableName("bench-raw-q").item(Map.of("pk", AttributeValue.fromS("p"),
                    "sk", AttributeValue.fromS(sortKey(n)), "name", AttributeValue.fromS("Ada"))));
        }
        compare("aws", "dynamodb query of 20", i -> expect(sorted.query(query()).items().size()),
                i -> expect(dynamo.query(b -> b.tableName("bench-raw-q").keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("p")))
                        .limit(QUERY_ITEMS + 1)).items().size()));

        List<Message> thousand = Collections.nCopies(1000, message);
        List<SendMessageBatchRequestEntry> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(PAYLOAD).build());
        }
        batch("aws", "SendMessageBatch of 10", () -> queue.sendBatch(thousand), () -> {
            for (int i = 0; i < 100; i++) {
                sqs.sendMessageBatch(b -> b.queueUrl(rawUrl).entries(ten));
            }
        }, () -> {
            for (int i = 0; i < 1000; i++) {
                sqs.sendMessage(b -> b.queueUrl(rawUrl).messageBody(PAYLOAD));
            }
        });
    }

    private static void createDynamoTable(DynamoDbClient dynamo, String name, boolean sortKey) {
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> attributes = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName("pk")
                .keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.HASH).build());
        attributes.add(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build());
        if (sortKey) {
            keys.add(KeySchemaElement.builder().attributeName("sk")
                    .keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.RANGE).build());
            attributes.add(AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S)
                    .build());
        }
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST).keySchema(keys)
                .attributeDefinitions(attributes));
    }

    // ------------------------------------------------------------------ GCP on the gcloud emulators

    private static void gcp() {
        GcpEmulators emulators = GcpEmulators.get();
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().setAll(emulators.config()).build())) {
            gcp(cloud, GcpEmulators.PROJECT);
        } finally {
            GcpEmulators.stop();
        }
    }

    private static void gcp(Cloud cloud, String project) {
        TopicAdminClient topics = cloud.unwrap(TopicAdminClient.class);
        SubscriptionAdminClient subscriptions = cloud.unwrap(SubscriptionAdminClient.class);
        GrpcPublisherStub publisher = cloud.unwrap(GrpcPublisherStub.class);
        GrpcSubscriberStub subscriber = cloud.unwrap(GrpcSubscriberStub.class);
        String suffix = Long.toString(System.nanoTime(), 36);
        Queue queue = cloud.queue("bench-portable-" + suffix).create();
        String rawTopic = "projects/" + project + "/topics/bench-raw-" + suffix;
        String rawSubscription = "projects/" + project + "/subscriptions/bench-raw-" + suffix;
        topics.createTopic(rawTopic);
        subscriptions.createSubscription(rawSubscription, rawTopic, PushConfig.getDefaultInstance(), 30);
        Message message = Message.builder().body(PAYLOAD).build();
        PubsubMessage raw = PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(PAYLOAD)).build();
        PublishRequest one = PublishRequest.newBuilder().setTopic(rawTopic).addMessages(raw).build();

        compare("gcp", "pubsub publish", i -> queue.send(message), i -> publisher.publishCallable().call(one));
        PullRequest pull = PullRequest.newBuilder().setSubscription(rawSubscription).setMaxMessages(1)
                .setReturnImmediately(true).build();
        compare("gcp", "pubsub pull+ack", i -> {
            var got = queue.receive(1, Duration.ZERO);
            if (!got.isEmpty()) {
                queue.ack(got.get(0));
            }
        }, i -> {
            List<ReceivedMessage> got = subscriber.pullCallable().call(pull).getReceivedMessagesList();
            if (!got.isEmpty()) {
                subscriber.acknowledgeCallable().call(AcknowledgeRequest.newBuilder().setSubscription(rawSubscription)
                        .addAckIds(got.get(0).getAckId()).build());
            }
        });

        // The same pull + ack with both sides draining Polycloud's own subscription, interleaved: the same
        // client, the same subscription (its dead-letter policy, deadline and backlog), so the ratio is the
        // client-side overhead alone; the row above also carries what the two subscriptions cost the server.
        String portableSubscription = "projects/" + project + "/subscriptions/q.bench-portable-" + suffix;
        queue.sendBatch(Collections.nCopies(Math.min(1000, 2 * (WARMUP + ROUNDS * CALLS)), message));
        PullRequest pullSame = PullRequest.newBuilder().setSubscription(portableSubscription).setMaxMessages(1)
                .setReturnImmediately(true).build();
        compare("gcp", "pubsub pull+ack (both sides on Polycloud's subscription)", i -> {
            var got = queue.receive(1, Duration.ZERO);
            if (!got.isEmpty()) {
                queue.ack(got.get(0));
            }
        }, i -> {
            List<ReceivedMessage> got = subscriber.pullCallable().call(pullSame).getReceivedMessagesList();
            if (!got.isEmpty()) {
                subscriber.acknowledgeCallable().call(AcknowledgeRequest.newBuilder()
                        .setSubscription(portableSubscription).addAckIds(got.get(0).getAckId()).build());
            }
        });

        Firestore firestore = cloud.unwrap(Firestore.class);
        Table table = cloud.table("bench-portable-" + suffix).createTable(TableSchema.of("pk", KeyType.STRING));
        CollectionReference rawTable = firestore.collection("bench-raw-" + suffix);
        compare("gcp", "firestore set", i -> table.put(item(i)), i -> {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("pk", "k" + (i % 20));
            doc.put("name", "Ada");
            doc.put("visits", (long) i);
            get(rawTable.document("k" + (i % 20)).set(doc));
        });
        compare("gcp", "firestore get", i -> table.get(Key.of("k" + (i % 20))),
                i -> get(rawTable.document("k" + (i % 20)).get()));

        Table sorted = cloud.table("bench-portable-q-" + suffix).createTable(
                TableSchema.of("pk", KeyType.STRING, "sk", KeyType.STRING));
        CollectionReference rawItems = firestore.collection("bench-raw-q-" + suffix).document("p").collection("items");
        for (int i = 0; i < QUERY_ITEMS; i++) {
            sorted.put(sortedItem(i));
            get(rawItems.document(sortKey(i)).set(Map.of("pk", "p", "sk", sortKey(i), "name", "Ada")));
        }
        compare("gcp", "firestore query of 20", i -> expect(sorted.query(query()).items().size()),
                i -> expect(get(rawItems.orderBy("sk").limit(QUERY_ITEMS + 1).get()).size()));

        List<Message> thousand = Collections.nCopies(1000, message);
        PublishRequest.Builder all = PublishRequest.newBuilder().setTopic(rawTopic);
        for (int i = 0; i < 1000; i++) {
            all.addMessages(raw);
        }
        PublishRequest thousandRaw = all.build();
        batch("gcp", "one PublishRequest of 1000", () -> queue.sendBatch(thousand),
                () -> publisher.publishCallable().call(thousandRaw), () -> {
                    for (int i = 0; i < 1000; i++) {
                        publisher.publishCallable().call(one);
                    }
                });
        queue.delete();
        subscriptions.deleteSubscription(rawSubscription);
        topics.deleteTopic(rawTopic);
    }

    private static <T> T get(com.google.api.core.ApiFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    // ------------------------------------------------------------------ Azure on Azurite

    private static void azure() {
        Azurite azurite = Azurite.shared();
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.connection-string", azurite.connectionString()).build())) {
            azure(cloud);
        } finally {
            Azurite.stopShared();
        }
    }

    private static void azure(Cloud cloud) {
        QueueServiceClient queues = cloud.unwrap(QueueServiceClient.class);
        TableServiceClient tables = cloud.unwrap(TableServiceClient.class);
        String suffix = Long.toString(System.nanoTime(), 36);
        Queue queue = cloud.queue("bench-portable-" + suffix).create();
        QueueClient raw = queues.getQueueClient("bench-raw-" + suffix);
        raw.create();
        Message message = Message.builder().body(PAYLOAD).build();

        compare("azure", "queue send", i -> queue.send(message), i -> raw.sendMessage(PAYLOAD));
        compare("azure", "queue receive+delete", i -> {
            var got = queue.receive(1, Duration.ZERO);
            if (!got.isEmpty()) {
                queue.ack(got.get(0));
            }
        }, i -> {
            QueueMessageItem got = raw.receiveMessage();
            if (got != null) {
                raw.deleteMessage(got.getMessageId(), got.getPopReceipt());
            }
        });

        Table table = cloud.table("bench-portable-" + suffix).createTable(TableSchema.of("pk", KeyType.STRING));
        TableClient rawTable = tables.createTableIfNotExists("benchraw" + suffix);
        compare("azure", "table upsert", i -> table.put(item(i)), i -> {
            TableEntity entity = new TableEntity("k" + (i % 20), "");
            entity.addProperty("name", "Ada");
            entity.addProperty("visits", (long) i);
            rawTable.upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, null, Context.NONE);
        });
        compare("azure", "table get", i -> table.get(Key.of("k" + (i % 20))),
                i -> rawTable.getEntity("k" + (i % 20), ""));

        Table sorted = cloud.table("bench-portable-q-" + suffix).createTable(
                TableSchema.of("pk", KeyType.STRING, "sk", KeyType.STRING));
        TableClient rawSorted = tables.createTableIfNotExists("benchrawq" + suffix);
        for (int i = 0; i < QUERY_ITEMS; i++) {
            sorted.put(sortedItem(i));
            TableEntity entity = new TableEntity("p", sortKey(i));
            entity.addProperty("name", "Ada");
            rawSorted.upsertEntity(entity);
        }
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq 'p'").setTop(QUERY_ITEMS + 1);
        compare("azure", "table query of 20", i -> expect(sorted.query(query()).items().size()), i -> {
            int n = 0;
            for (TableEntity e : rawSorted.listEntities(options, null, Context.NONE).iterableByPage().iterator().next()
                    .getValue()) {
                n += e.getRowKey().isEmpty() ? 0 : 1;
            }
            expect(n);
        });

        List<Message> thousand = Collections.nCopies(1000, message);
        batch("azure", "1000 sends", () -> queue.sendBatch(thousand), null, () -> {
            for (int i = 0; i < 1000; i++) {
                raw.sendMessage(PAYLOAD);
            }
        });
        queue.delete();
        raw.delete();
    }

    // ------------------------------------------------------------------ shared

    private static Item item(int i) {
        return Item.builder().put("pk", "k" + (i % 20)).put("name", "Ada").put("visits", (long) i).build();
    }

    private static Item sortedItem(int i) {
        return Item.builder().put("pk", "p").put("sk", sortKey(i)).put("name", "Ada").build();
    }

    private static String sortKey(int i) {
        return String.format(Locale.ROOT, "s%03d", i);
    }

    private static Query query() {
        return Query.partition("p").limit(QUERY_ITEMS + 1).build();
    }

    private static void expect(int items) {
        if (items != QUERY_ITEMS) {
            throw new IllegalStateException("the query found " + items + " items, not " + QUERY_ITEMS);
        }
    }

    /**
     * Times the portable batch of 1,000 against the raw native batch calls (when the cloud has
     * them) and against 1,000 raw one-by-one sends, in rounds that alternate the three.
     */
    private static void batch(String provider, String rawBatchName, Runnable polycloud, Runnable rawBatch,
                              Runnable rawSingle) {
        for (int r = 0; r < BATCH_WARMUP; r++) {
            polycloud.run();
            if (rawBatch != null) {
                rawBatch.run();
            }
        }
        List<Long> poly = new ArrayList<>();
        List<Long> batches = new ArrayList<>();
        List<Long> single = new ArrayList<>();
        for (int r = 0; r < BATCH_ROUNDS; r++) {
            if (rawBatch != null && (r & 1) == 1) {
                batches.add(time(rawBatch));
                poly.add(time(polycloud));
            } else {
                poly.add(time(polycloud));
                if (rawBatch != null) {
                    batches.add(time(rawBatch));
                }
            }
            if (SINGLES) {
                single.add(time(rawSingle));
            }
        }
        if (rawBatch != null) {
            print(provider, "batch of 1000 vs " + rawBatchName, poly, batches);
        }
        if (SINGLES) {
            print(provider, "batch of 1000 vs one-by-one sends", poly, single);
        }
    }

    private static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    /**
     * Warms up ({@code warmup} pairs, alternating which side goes first), then runs both sides
     * alternately, call by call, for every round; the side that goes first alternates too.
     */
    private static void compare(String provider, String op, Op polycloud, Op raw) {
        for (int i = 0; i < WARMUP; i++) {
            if ((i & 1) == 0) {
                polycloud.run(i);
                raw.run(i);
            } else {
                raw.run(i);
                polycloud.run(i);
            }
        }
        List<Long> p = new ArrayList<>();
        List<Long> n = new ArrayList<>();
        int k = WARMUP;
        for (int r = 0; r < ROUNDS; r++) {
            for (int c = 0; c < CALLS; c++, k++) {
                final int i = k;
                if ((k & 1) == 0) {
                    p.add(time(() -> polycloud.run(i)));
                    n.add(time(() -> raw.run(i)));
                } else {
                    n.add(time(() -> raw.run(i)));
                    p.add(time(() -> polycloud.run(i)));
                }
            }
        }
        print(provider, op, p, n);
    }

    private static void print(String provider, String op, List<Long> polycloud, List<Long> raw) {
        System.out.printf(Locale.ROOT, "emulator %s %s|%.3f|%.3f|%.3f|%.3f%n", provider, op,
                pct(polycloud, 50), pct(raw, 50), pct(polycloud, 99), pct(raw, 99));
        System.out.flush();
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int idx = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, idx)) / 1e6;
    }
}

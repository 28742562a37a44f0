package dev.polycloud.benchmarks;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.MotoServer;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Covers the AWS provider on moto (started by the {@code emulators} module): SQS send and
 * receive + delete, DynamoDB put and get, and a batch of 1,000 messages against raw
 * {@code SendMessageBatch} calls of 10 and raw one-by-one sends. Prints one line per row:
 * {@code emulator <provider> <operation> <polycloud p50 ms> <raw p50 ms> <polycloud p99 ms> <raw p99 ms>}.
 * The Pub/Sub, Firestore and Azurite rows are not written yet.
 */
public final class EmulatorBench {

    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int CALLS = Integer.getInteger("calls", 40);
    private static final int BATCH_ROUNDS = Integer.getInteger("batchRounds", 2);

    private EmulatorBench() {
    }

    /** A measured pair of operations. */
    private interface Op {
        void run(int i);
    }

    /**
     * Runs the AWS rows.
     *
     * @param args unused
     */
    public static void main(String[] args) {
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
        Message message = Message.builder().body("benchmark payload").build();

        compare("aws", "sqs send", i -> queue.send(message),
                i -> sqs.sendMessage(b -> b.queueUrl(rawUrl).messageBody("benchmark payload")));
        compare("aws", "sqs receive+delete", i -> {
            List<ReceivedMessage> got = queue.receive(1, Duration.ZERO);
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
        dynamo.createTable(b -> b.tableName("bench-raw").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk")
                        .keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build()));
        compare("aws", "dynamodb put", i -> table.put(Item.builder().put("pk", "k" + (i % 20)).put("name", "Ada")
                .put("visits", (long) i).build()), i -> {
                    Map<String, AttributeValue> item = new LinkedHashMap<>();
                    item.put("pk", AttributeValue.fromS("k" + (i % 20)));
                    item.put("name", AttributeValue.fromS("Ada"));
                    item.put("visits", AttributeValue.fromN(Long.toString(i)));
                    dynamo.putItem(b -> b.tableName("bench-raw").item(item));
                });
        compare("aws", "dynamodb get", i -> table.get(Key.of("k" + (i % 20))),
                i -> dynamo.getItem(b -> b.tableName("bench-raw").key(Map.of("pk", AttributeValue.fromS("k" + (i % 20))))));

        List<Message> thousand = Collections.nCopies(1000, message);
        List<SendMessageBatchRequestEntry> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("benchmark payload").build());
        }
        List<Long> poly = new ArrayList<>();
        List<Long> batches = new ArrayList<>();
        List<Long> single = new ArrayList<>();
        for (int r = 0; r < BATCH_ROUNDS; r++) {
            poly.add(time(() -> queue.sendBatch(thousand)));
            batches.add(time(() -> {
                for (int i = 0; i < 100; i++) {
                    sqs.sendMessageBatch(b -> b.queueUrl(rawUrl).entries(ten));
                }
            }));
            single.add(time(() -> {
                for (int i = 0; i < 1000; i++) {
                    sqs.sendMessage(b -> b.queueUrl(rawUrl).messageBody("benchmark payload"));
                }
            }));
        }
        print("aws", "batch of 1000 vs SendMessageBatch of 10", poly, batches);
        print("aws", "batch of 1000 vs one-by-one sends", poly, single);
    }

    private static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    /** Warms up, then runs both sides alternately, call by call, for every round. */
    private static void compare(String provider, String op, Op polycloud, Op raw) {
        for (int i = 0; i < 10; i++) {
            polycloud.run(i);
            raw.run(i);
        }
        List<Long> p = new ArrayList<>();
        List<Long> n = new ArrayList<>();
        int k = 0;
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
        System.out.printf(java.util.Locale.ROOT, "emulator %s %s|%.3f|%.3f|%.3f|%.3f%n", provider, op,
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

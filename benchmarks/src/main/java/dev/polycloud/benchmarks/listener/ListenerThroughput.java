package dev.polycloud.benchmarks.listener;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.QueueMessageItem;
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
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.message.Message;
import dev.polycloud.queue.Queue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Listener throughput against baselines, all in one run (ratios are what to read; absolute
 * numbers depend on the machine). Not a JMH benchmark: each trial fills a queue with {@code N}
 * messages, then drains it once and is timed from the start of draining until every message is
 * acknowledged. One warm-up round, then {@code trials} rounds in which the contenders take turns
 * (interleaved, so that load from other processes hits them alike); the median and the best of the
 * measured trials are reported. A trial that has not drained the queue after
 * {@value #TRIAL_LIMIT_SECONDS} seconds stops and reports what it achieved, marked {@code (cut)}.
 *
 * <ul>
 *   <li>{@code local}: the listener on the in-memory provider with concurrency 1 and 2, next to a
 *       plain-Java baseline ({@link ExecutorService} threads draining a {@link ConcurrentLinkedQueue}).</li>
 *   <li>{@code moto}: the listener on SQS (moto) next to a hand-written raw-SDK loop:
 *       {@code ReceiveMessage} of 10, then {@code DeleteMessageBatch}.</li>
 *   <li>{@code pubsub}: the listener on a Pub/Sub queue (the gcloud emulator) next to a raw stub
 *       loop: {@code Pull} of 10, then one {@code Acknowledge} of the batch.</li>
 *   <li>{@code azurite}: the listener on a Storage Queue (Azurite) next to a raw {@code QueueClient}
 *       loop: {@code receiveMessages} of 10 (Storage Queues' 32 at most), then one
 *       {@code deleteMessage} per message (there is no batch delete).</li>
 * </ul>
 *
 * <p>Output lines: {@code listener <target> <contender>|<median msg/s>|<best msg/s>|<trials>}.
 *
 * <p>Run: {@code java -cp benchmarks/target/polycloud-benchmarks.jar
 * dev.polycloud.benchmarks.listener.ListenerThroughput local|moto|pubsub|azurite [messages] [trials]}.
 */
public final class ListenerThroughput {

    private static final LongAdder SINK = new LongAdder();
    private static final long TRIAL_LIMIT_SECONDS = 120;

    private ListenerThroughput() {
    }

    /**
     * Runs the comparison.
     *
     * @param args target ({@code local}, {@code moto}, {@code pubsub} or {@code azurite}), message
     *             count, measured trials
     * @throws Exception when a trial fails
     */
    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "local";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : target.equals("local") ? 20_000 : 1_000;
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(Locale.ROOT, "# target=%s messages=%d trials=%d (interleaved, after one warm-up)%n", target,
                messages, trials);
        switch (target) {
            case "local" -> local(messages, trials);
            case "moto" -> moto(messages, trials);
            case "pubsub" -> pubsub(messages, trials);
            case "azurite" -> azurite(messages, trials);
            default -> throw new IllegalArgumentException("target must be local, moto, pubsub or azurite, not "
                    + target);
        }
        System.exit(0);
    }

    /** The trivial handler work shared by every contender: touch the body. */
    private static void work(byte[] body) {
        SINK.add(body.length);
    }

    private interface Trial {
        /** Runs once and returns the messages per second. */
        double run() throws Exception;
    }

    /** Runs a warm-up round, then {@code trials} rounds in which every contender runs once, in turn. */
    private static void compare(String target, Map<String, Trial> contenders, int trials) throws Exception {
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (Map.Entry<String, Trial> c : contenders.entrySet()) {
            c.getValue().run();
            results.put(c.getKey(), new ArrayList<>());
        }
        for (int i = 0; i < trials; i++) {
            for (Map.Entry<String, Trial> c : contenders.entrySet()) {
                results.get(c.getKey()).add(c.getValue().run());
            }
        }
        for (Map.Entry<String, List<Double>> r : results.entrySet()) {
            List<Double> sorted = new ArrayList<>(r.getValue());
            sorted.sort(null);
            double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            List<String> all = r.getValue().stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList();
            System.out.printf(Locale.ROOT, "listener %s %s|%.0f|%.0f|%s%n", target, r.getKey(), median,
                    sorted.get(sorted.size() - 1), String.join(" · ", all));
            System.out.flush();
        }
    }

    // ------------------------------------------------------------------ local

    private static void local(int messages, int trials) throws Exception {
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build())) {
            Map<String, Trial> contenders = new LinkedHashMap<>();
            for (int concurrency : new int[] {1, 2}) {
                contenders.put("plain Java: ExecutorService(" + concurrency + ") + ConcurrentLinkedQueue",
                        () -> plainJava(messages, concurrency));
                contenders.put("local listener, concurrency " + concurrency,
                        () -> listener(cloud, messages, ListenerOptions.builder().concurrency(concurrency)
                                .batchSize(10).maxInFlight(100).pollWait(Duration.ofSeconds(1)).build()));
            }
            compare("local", contenders, trials);
        }
    }

    private static double plainJava(int messages, int concurrency) throws Exception {
        ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < messages; i++) {
            queue.add(("m-" + i).getBytes(StandardCharsets.UTF_8));
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            pool.execute(() -> {
                byte[] m;
                while ((m = queue.poll()) != null) {
                    work(m);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return messages / seconds(start);
    }

    // ------------------------------------------------------------------ shared

    private static double listener(Cloud cloud, int messages, ListenerOptions options) throws Exception {
        Queue q = cloud.queue("bench-" + Long.toString(System.nanoTime(), 36)).create();
        try {
            List<Message> all = IntStream.range(0, messages).mapToObj(i -> Message.of("m-" + i)).toList();
            for (int i = 0; i < messages; i += Queue.MAX_BATCH) {
                q.sendBatch(all.subList(i, Math.min(messages, i + Queue.MAX_BATCH)));
            }
            long start = System.nanoTime();
            long limit = start + TimeUnit.SECONDS.toNanos(TRIAL_LIMIT_SECONDS);
            try (Listener listener = q.listen(m -> work(m.body()), options)) {
                while (listener.stats().acked() < messages && System.nanoTime() < limit) {
                    Thread.sleep(1);
                }
                return done(listener.stats().acked(), messages, start);
            }
        } finally {
            q.delete();
        }
    }

    /** The throughput of a trial, reporting a trial cut at the time limit. */
    private static double done(long handled, int messages, long startNanos) {
        double rate = handled / seconds(startNanos);
        if (handled < messages) {
            System.out.printf(Locale.ROOT, "# (cut) a trial handled %d of %d messages in %d s%n", handled, messages,
                    TRIAL_LIMIT_SECONDS);
        }
        return rate;
    }

    private static boolean running(long startNanos) {
        return System.nanoTime() - startNanos < TimeUnit.SECONDS.toNanos(TRIAL_LIMIT_SECONDS);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The listener contenders on an emulator: concurrency 8 with one poller, and with two pollers of 20. */
    private static void emulatorListeners(Cloud cloud, int messages, Map<String, Trial> contenders) {
        contenders.put("listener, concurrency 8, 1 poller, batchSize 10",
                () -> listener(cloud, messages, ListenerOptions.builder().concurrency(8).batchSize(10)
                        .pollWait(Duration.ofSeconds(1)).build()));
        contenders.put("listener, concurrency 8, 2 pollers, batchSize 20",
                () -> listener(cloud, messages, ListenerOptions.builder().concurrency(8).batchSize(20)
                        .pollers(2).pollWait(Duration.ofSeconds(1)).build()));
    }

    // ------------------------------------------------------------------ moto

    private static void moto(int messages, int trials) throws Exception {
        MotoServer moto = MotoServer.start();
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("aws")
                .set("polycloud.aws.endpoint", moto.endpoint().toString())
                .set("polycloud.aws.region", "us-east-1")
                .set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test")
                .build())) {
            SqsClient sqs = cloud.unwrap(SqsClient.class);
            Map<String, Trial> contenders = new LinkedHashMap<>();
            contenders.put("raw SDK loop: ReceiveMessage(10) + DeleteMessageBatch", () -> rawSqsLoop(sqs, messages));
            emulatorListeners(cloud, messages, contenders);
            compare("moto", contenders, trials);
        } finally {
            moto.close();
        }
    }

    private static double rawSqsLoop(SqsClient sqs, int messages) {
        String url = sqs.createQueue(b -> b.queueName("bench-raw-" + Long.toString(System.nanoTime(), 36)))
                .queueUrl();
        try {
            for (int i = 0; i < messages; i += 10) {
                int from = i;
                List<SendMessageBatchRequestEntry> entries = IntStream.range(from, Math.min(messages, from + 10))
                        .mapToObj(n -> SendMessageBatchRequestEntry.builder().id("e" + n).messageBody("m-" + n)
                                .build()).toList();
                sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
            }
            long done = 0;
            long start = System.nanoTime();
            while (done < messages && running(start)) {
                ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).visibilityTimeout(30));
                if (r.messages().isEmpty()) {
                    continue;
                }
                List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
                for (var m : r.messages()) {
                    work(m.body().getBytes(StandardCharsets.UTF_8));
                    deletes.add(DeleteMessageBatchRequestEntry.builder().id("d" + deletes.size())
                            .receiptHandle(m.receiptHandle()).build());
                }
                sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(deletes));
                done += deletes.size();
            }
            return done(done, messages, start);
        } finally {
            sqs.deleteQueue(b -> b.queueUrl(url));
        }
    }

    // ------------------------------------------------------------------ Pub/Sub emulator

    private static void pubsub(int messages, int trials) throws Exception {
        GcpEmulators emulators = GcpEmulators.get();
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().setAll(emulators.config()).build())) {
            Map<String, Trial> contenders = new LinkedHashMap<>();
            contenders.put("raw stub loop: Pull(10) + Acknowledge", () -> rawPubSubLoop(cloud, GcpEmulators.PROJECT,
                    messages));
            emulatorListeners(cloud, messages, contenders);
            compare("pubsub", contenders, trials);
        } finally {
            GcpEmulators.stop();
        }
    }

    private static double rawPubSubLoop(Cloud cloud, String project, int messages) {
        TopicAdminClient topics = cloud.unwrap(TopicAdminClient.class);
        SubscriptionAdminClient subscriptions = cloud.unwrap(SubscriptionAdminClient.class);
        GrpcPublisherStub publisher = cloud.unwrap(GrpcPublisherStub.class);
        GrpcSubscriberStub subscriber = cloud.unwrap(GrpcSubscriberStub.class);
        String id = "bench-raw-" + Long.toString(System.nanoTime(), 36);
        String topic = "projects/" + project + "/topics/" + id;
        String subscription = "projects/" + project + "/subscriptions/" + id;
        topics.createTopic(topic);
        subscriptions.createSubscription(subscription, topic, PushConfig.getDefaultInstance(), 30);
        try {
            for (int i = 0; i < messages; i += 1000) {
                PublishRequest.Builder request = PublishRequest.newBuilder().setTopic(topic);
                for (int n = i; n < Math.min(messages, i + 1000); n++) {
                    request.addMessages(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("m-" + n)));
                }
                publisher.publishCallable().call(request.build());
            }
            PullRequest pull = PullRequest.newBuilder().setSubscription(subscription).setMaxMessages(10).build();
            long done = 0;
            long start = System.nanoTime();
            while (done < messages && running(start)) {
                List<ReceivedMessage> got = subscriber.pullCallable().call(pull).getReceivedMessagesList();
                if (got.isEmpty()) {
                    continue;
                }
                AcknowledgeRequest.Builder ack = AcknowledgeRequest.newBuilder().setSubscription(subscription);
                for (ReceivedMessage m : got) {
                    work(m.getMessage().getData().toByteArray());
                    ack.addAckIds(m.getAckId());
                }
                subscriber.acknowledgeCallable().call(ack.build());
                done += got.size();
            }
            return done(done, messages, start);
        } finally {
            subscriptions.deleteSubscription(subscription);
            topics.deleteTopic(topic);
        }
    }

    // ------------------------------------------------------------------ Azurite

    private static void azurite(int messages, int trials) throws Exception {
        Azurite azurite = Azurite.shared();
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.connection-string", azurite.connectionString()).build())) {
            QueueServiceClient queues = cloud.unwrap(QueueServiceClient.class);
            Map<String, Trial> contenders = new LinkedHashMap<>();
            contenders.put("raw QueueClient loop: receiveMessages(10) + deleteMessage each",
                    () -> rawAzureLoop(queues, messages));
            emulatorListeners(cloud, messages, contenders);
            compare("azurite", contenders, trials);
        } finally {
            Azurite.stopShared();
        }
    }

    private static double rawAzureLoop(QueueServiceClient queues, int messages) {
        QueueClient queue = queues.getQueueClient("bench-raw-" + Long.toString(System.nanoTime(), 36));
        queue.create();
        try {
            for (int i = 0; i < messages; i++) {
                queue.sendMessage("m-" + i);
            }
            long done = 0;
            long start = System.nanoTime();
            while (done < messages && running(start)) {
                for (QueueMessageItem m : queue.receiveMessages(10, Duration.ofSeconds(30), null, null)) {
                    work(m.getBody().toBytes());
                    queue.deleteMessage(m.getMessageId(), m.getPopReceipt());
                    done++;
                }
            }
            return done(done, messages, start);
        } finally {
            queue.delete();
        }
    }
}

package dev.polycloud.benchmarks.listener;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.MotoServer;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.message.Message;
import dev.polycloud.queue.Queue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Listener throughput against baselines, all in one run (ratios are what to read; absolute
 * numbers depend on the machine). Not a JMH benchmark: each trial drains a queue of {@code N}
 * messages once, after a warm-up trial, and the best of the measured trials is reported.
 *
 * <ul>
 *   <li>{@code local}: the listener on the in-memory provider with concurrency 1 and 2, next to a
 *       plain-Java baseline ({@link ExecutorService} threads draining a {@link ConcurrentLinkedQueue}).</li>
 *   <li>{@code moto}: the listener on SQS (moto, started by the emulators module) next to a
 *       hand-written raw-SDK loop: {@code ReceiveMessage} of 10, then {@code DeleteMessageBatch}.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/polycloud-benchmarks.jar
 * dev.polycloud.benchmarks.listener.ListenerThroughput local|moto [messages] [trials]}.
 */
public final class ListenerThroughput {

    private static final LongAdder SINK = new LongAdder();

    private ListenerThroughput() {
    }

    /**
     * Runs the comparison.
     *
     * @param args target ({@code local} or {@code moto}), message count, measured trials
     * @throws Exception when a trial fails
     */
    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "local";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : target.equals("local") ? 20_000 : 1_000;
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(Locale.ROOT, "target=%s messages=%d trials=%d (best of, after one warm-up)%n", target,
                messages, trials);
        switch (target) {
            case "local" -> local(messages, trials);
            case "moto" -> moto(messages, trials);
            default -> throw new IllegalArgumentException("target must be local or moto, not " + target);
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

    private static void report(String name, Trial trial, int trials) throws Exception {
        trial.run();
        double best = 0;
        List<String> all = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            double r = trial.run();
            all.add(String.format(Locale.ROOT, "%.0f", r));
            best = Math.max(best, r);
        }
        System.out.printf(Locale.ROOT, "%-52s %10.0f msg/s   (trials: %s)%n", name, best, String.join(", ", all));
    }

    // ------------------------------------------------------------------ local

    private static void local(int messages, int trials) throws Exception {
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build())) {
            for (int concurrency : new int[] {1, 2}) {
                report("plain Java: ExecutorService(" + concurrency + ") + ConcurrentLinkedQueue",
                        () -> plainJava(messages, concurrency), trials);
                report("local listener, concurrency " + concurrency,
                        () -> listener(cloud, messages, ListenerOptions.builder().concurrency(concurrency)
                                .batchSize(10).maxInFlight(100).pollWait(Duration.ofSeconds(1)).build()), trials);
            }
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
            LongAdder handled = new LongAdder();
            long start = System.nanoTime();
            try (Listener listener = q.listen(m -> {
                work(m.body());
                handled.increment();
            }, options)) {
                while (listener.stats().acked() < messages) {
                    Thread.sleep(1);
                }
                return messages / seconds(start);
            }
        } finally {
            q.delete();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    // ------------------------------------------------------------------ moto

    private static void moto(int messages, int trials) throws Exception {
        MotoServer moto = MotoServer.shared();
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("aws")
                .set("polycloud.aws.endpoint", moto.endpoint().toString())
                .set("polycloud.aws.region", "us-east-1")
                .set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test")
                .build())) {
            SqsClient sqs = cloud.unwrap(SqsClient.class);
            report("raw SDK loop: ReceiveMessage(10) + DeleteMessageBatch", () -> rawSqsLoop(sqs, messages), trials);
            report("listener, concurrency 8, 1 poller",
                    () -> listener(cloud, messages, ListenerOptions.builder().concurrency(8).batchSize(10)
                            .pollWait(Duration.ofSeconds(1)).build()), trials);
            report("listener, concurrency 8, 2 pollers, batchSize 20",
                    () -> listener(cloud, messages, ListenerOptions.builder().concurrency(8).batchSize(20)
                            .pollers(2).pollWait(Duration.ofSeconds(1)).build()), trials);
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
            AtomicLong done = new AtomicLong();
            long start = System.nanoTime();
            while (done.get() < messages) {
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
                done.addAndGet(deletes.size());
            }
            return messages / seconds(start);
        } finally {
            sqs.deleteQueue(b -> b.queueUrl(url));
        }
    }
}

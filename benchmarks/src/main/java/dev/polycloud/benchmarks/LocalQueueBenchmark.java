package dev.polycloud.benchmarks;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.benchmarks.baseline.LeasedQueue;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-memory queue send + receive + ack through the portable {@link Queue} against the
 * {@link LeasedQueue} plain-Java baseline, with {@code inFlight} messages already received and
 * leased (for an hour) before measuring — so the cost of a receive with 1,000 and with 1,000,000
 * messages in flight can be compared. Run with {@code -t 1} and {@code -t 2} (threads share the
 * queue). Throughput in operations (one send, one receive, one ack) per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LocalQueueBenchmark {

    private static final Duration LEASE = Duration.ofHours(1);

    /** Messages received and leased, not acked, before the measurement. */
    @Param({"1000", "1000000"})
    public int inFlight;

    private Cloud cloud;
    private Queue queue;
    private LeasedQueue baseline;
    private final Message message = Message.builder().body("benchmark payload").attribute("kind", "bench").build();

    /** Opens a private in-memory cloud and fills both queues' in-flight sets. */
    @Setup(Level.Trial)
    public void open() {
        cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build());
        queue = cloud.queue("bench-queue").create(QueueOptions.builder().defaultLease(LEASE).build());
        baseline = new LeasedQueue();
        List<Message> batch = java.util.Collections.nCopies(1000, message);
        for (int sent = 0; sent < inFlight; sent += batch.size()) {
            queue.sendBatch(batch);
            int got = 0;
            while (got < batch.size()) {
                got += queue.receive(batch.size() - got, Duration.ZERO).size();
            }
        }
        for (int i = 0; i < inFlight; i++) {
            baseline.send(message.body(), message.attributes());
            baseline.receive(LEASE.toNanos());
        }
    }

    /** Closes the cloud. */
    @TearDown(Level.Trial)
    public void close() {
        cloud.close();
    }

    /**
     * Polycloud: portable send, receive of one, ack.
     *
     * @return the received message, so the JIT cannot drop the work
     */
    @Benchmark
    public ReceivedMessage polycloud() {
        queue.send(message);
        List<ReceivedMessage> got = queue.receive(1, Duration.ZERO);
        if (got.isEmpty()) {
            return null;
        }
        ReceivedMessage m = got.get(0);
        queue.ack(m);
        return m;
    }

    /**
     * The plain-Java leased queue doing the same.
     *
     * @return the delivery
     */
    @Benchmark
    public LeasedQueue.Delivery baseline() {
        baseline.send(message.body(), message.attributes());
        LeasedQueue.Delivery d = baseline.receive(LEASE.toNanos());
        if (d != null) {
            baseline.ack(d.receipt());
        }
        return d;
    }
}

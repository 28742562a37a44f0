package dev.polycloud.benchmarks;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.spi.QueueDriver;
import dev.polycloud.spi.QueueDrivers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the portable queue layer (validation, limits, retry wrapper) costs over its driver, and
 * both over a plain {@link ConcurrentLinkedQueue}: one send, receive and ack per operation, on
 * the in-memory provider so that no network hides the difference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueueOverheadBenchmark {

    private Cloud cloud;
    private Queue portable;
    private QueueDriver driver;
    private final ConcurrentLinkedQueue<byte[]> plain = new ConcurrentLinkedQueue<>();
    private final Message message = Message.builder().body("benchmark payload").attribute("kind", "bench").build();

    /** Opens a private in-memory cloud with two queues. */
    @Setup(Level.Trial)
    public void open() {
        cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build());
        portable = cloud.queue("bench-portable").create();
        cloud.queue("bench-driver").create();
        driver = cloud.unwrap(QueueDrivers.class).queue("bench-driver");
    }

    /** Closes the cloud. */
    @TearDown(Level.Trial)
    public void close() {
        cloud.close();
    }

    /**
     * Through the portable {@link Queue}.
     *
     * @return the received message, so the JIT cannot drop the work
     */
    @Benchmark
    public ReceivedMessage portableSendReceiveAck() {
        portable.send(message);
        ReceivedMessage m = portable.receive(1, Duration.ZERO).get(0);
        portable.ack(m);
        return m;
    }

    /**
     * Straight on the driver, skipping the portable layer.
     *
     * @return the received message
     */
    @Benchmark
    public ReceivedMessage driverSendReceiveAck() {
        driver.send(List.of(message));
        ReceivedMessage m = driver.receive(1, Duration.ZERO, Optional.empty()).get(0);
        driver.ack(List.of(m.receipt()));
        return m;
    }

    /**
     * A plain Java baseline: offer and poll on a concurrent queue.
     *
     * @return the polled body
     */
    @Benchmark
    public byte[] plainJavaOfferPoll() {
        plain.offer(message.body());
        return plain.poll();
    }
}

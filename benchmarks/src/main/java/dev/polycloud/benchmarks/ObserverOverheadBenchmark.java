package dev.polycloud.benchmarks;

import dev.polycloud.Cloud;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.spi.OperationObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * What the {@link OperationObserver} hook costs: one send, receive and ack through the portable queue with no
 * observer ({@code none}, the default: nothing is timed) and with an observer that only adds up durations
 * ({@code counting}: each operation is timed and reported), with a plain-Java queue as the baseline of the same
 * run. {@code noopObserver} is an observer that overrides nothing (every hook is called and does nothing: the
 * cost of the hooks being configured); {@code noopTracer} is the {@code polycloud-opentelemetry} observer on {@code OpenTelemetry.noop()}: spans
 * are built and dropped, nothing is propagated (the cost of the tracing hooks alone).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ObserverOverheadBenchmark {

    /** Which observer the cloud has. */
    @Param({"none", "noopObserver", "noopTracer", "counting"})
    public String observer;

    private Cloud cloud;
    private Queue portable;
    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> plain = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final LongAdder observed = new LongAdder();
    private final Message message = Message.builder().body("benchmark payload").attribute("kind", "bench").build();

    /** Opens a private in-memory cloud with the chosen observer and two queues. */
    @Setup(Level.Trial)
    public void open() {
        OperationObserver chosen = observer.equals("none") ? OperationObserver.NONE
                : observer.equals("noopObserver") ? new OperationObserver() { }
                : observer.equals("noopTracer")
                ? new dev.polycloud.opentelemetry.OpenTelemetryObserver(io.opentelemetry.api.OpenTelemetry.noop())
                : new OperationObserver() {
            @Override
            public void succeeded(String provider, String kind, String resource, String operation, long nanos) {
                observed.add(nanos);
            }

            @Override
            public void failed(String provider, String kind, String resource, String operation, long nanos,
                               ErrorCode code) {
                observed.add(nanos);
            }
        };
        cloud = Polycloud.builder().config(PolycloudConfig.builder().provider("local").build())
                .observer(chosen).open();
        portable = cloud.queue("bench-observed").create();
    }

    /** Closes the cloud. */
    @TearDown(Level.Trial)
    public void close() {
        cloud.close();
    }

    /**
     * Through the portable {@link Queue}, observed or not.
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
     * A plain Java baseline of the same run: offer and poll on a concurrent queue.
     *
     * @return the polled body
     */
    @Benchmark
    public byte[] plainJavaOfferPoll() {
        plain.offer(message.body());
        return plain.poll();
    }
}

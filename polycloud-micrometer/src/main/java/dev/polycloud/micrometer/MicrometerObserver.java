package dev.polycloud.micrometer;

import dev.polycloud.ErrorCode;
import dev.polycloud.spi.OperationObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * Records every portable operation of a cloud in a Micrometer {@link MeterRegistry}:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th></tr>
 *   <tr><td>{@value #OPERATION}</td><td>timer</td>
 *       <td>provider, kind, resource, operation, outcome ({@code success} or the {@link ErrorCode} name)</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>counter</td><td>provider, kind, resource, operation, code</td></tr>
 *   <tr><td>{@code polycloud.messages.sent}, {@code .received}, {@code .acked}, {@code .nacked},
 *       {@code .dead_lettered}</td><td>counter</td><td>provider, kind, resource</td></tr>
 *   <tr><td>{@value #IN_FLIGHT}</td><td>gauge</td><td>provider, kind, resource</td></tr>
 *   <tr><td>{@value #HANDLER}</td><td>timer</td><td>provider, kind, resource, outcome ({@code success} or
 *       {@code error})</td></tr>
 *   <tr><td>{@value #GATEWAY}</td><td>timer</td><td>provider, gateway, method, route (the template, or
 *       {@code unmatched}), status</td></tr>
 * </table>
 *
 * <pre>{@code
 * MeterRegistry registry = ...;
 * try (Cloud cloud = Polycloud.builder().observer(new MicrometerObserver(registry)).open()) { ... }
 * }</pre>
 *
 * <p>The timer measures the whole portable operation as the caller sees it: all attempts and backoffs. Tag
 * values are bounded: {@code resource} is the portable resource name (queue, topic, table, bucket, function
 * or gateway name, {@code topic/subscription} for a subscription), never a message id, key or payload.
 * Percentiles and histograms are configured the Micrometer way, with a {@code MeterFilter} on the registry.
 *
 * <p>Thread-safe.
 */
public final class MicrometerObserver implements OperationObserver {

    /** The timer of portable operations. */
    public static final String OPERATION = "polycloud.operation";
    /** The counter of retried attempts. */
    public static final String RETRIES = "polycloud.retries";
    /** The prefix of the message counters ({@code polycloud.messages.sent}, ...). */
    public static final String MESSAGES = "polycloud.messages";
    /** The gauge of managed-listener handlers running. */
    public static final String IN_FLIGHT = "polycloud.listener.in_flight";
    /** The timer of managed-listener handler calls. */
    public static final String HANDLER = "polycloud.listener.handler";
    /** The timer of gateway requests. */
    public static final String GATEWAY = "polycloud.gateway.requests";
    /** The {@code outcome} tag value of a successful operation. */
    public static final String SUCCESS = "success";

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Tags, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /**
     * An observer recording in the given registry.
     *
     * @param registry the registry
     * @throws NullPointerException when {@code registry} is null
     */
    public MicrometerObserver(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Records a successful operation in {@value #OPERATION} with {@code outcome=success}.
     */
    @Override
    public void succeeded(String provider, String kind, String resource, String operation, long durationNanos) {
        timer(provider, kind, resource, operation, SUCCESS).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Records a failed operation in {@value #OPERATION} with the error code as {@code outcome}.
     */
    @Override
    public void failed(String provider, String kind, String resource, String operation, long durationNanos,
                       ErrorCode code) {
        timer(provider, kind, resource, operation, code.name()).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Counts a retried attempt in {@value #RETRIES} by code.
     */
    @Override
    public void retried(String provider, String kind, String resource, String operation, ErrorCode code) {
        Counter.builder(RETRIES)
                .description("Attempts of Polycloud operations that failed with a retryable code and were retried")
                .tags(tags(provider, kind, resource, operation).and("code", code.name()))
                .register(registry)
                .increment();
    }

    /**
     * Counts moved messages in {@code polycloud.messages.<event>}.
     */
    @Override
    public void messages(String provider, String kind, String resource, String event, int count) {
        Counter.builder(MESSAGES + "." + event)
                .description("Messages " + event.replace('_', '-') + " through Polycloud")
                .tags(Tags.of("provider", provider, "kind", kind, "resource", resource))
                .register(registry)
                .increment(count);
    }

    /**
     * Raises the {@value #IN_FLIGHT} gauge of the source.
     */
    @Override
    public void handlerStarted(String provider, String kind, String resource) {
        gauge(provider, kind, resource).incrementAndGet();
    }

    /**
     * Lowers the {@value #IN_FLIGHT} gauge and records the handler's duration in {@value #HANDLER}.
     */
    @Override
    public void handled(String provider, String kind, String resource, long durationNanos, boolean success) {
        gauge(provider, kind, resource).decrementAndGet();
        Timer.builder(HANDLER)
                .description("Managed-listener handler calls")
                .tags(Tags.of("provider", provider, "kind", kind, "resource", resource, "outcome",
                        success ? SUCCESS : "error"))
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Records a gateway request in {@value #GATEWAY}.
     */
    @Override
    public void gatewayRequest(String provider, String gateway, String method, String route, int status,
                               long durationNanos) {
        Timer.builder(GATEWAY)
                .description("Requests answered by Polycloud gateways")
                .tags(Tags.of("provider", provider, "gateway", gateway, "method", method, "route", route,
                        "status", Integer.toString(status)))
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private AtomicInteger gauge(String provider, String kind, String resource) {
        Tags tags = Tags.of("provider", provider, "kind", kind, "resource", resource);
        return inFlight.computeIfAbsent(tags, t -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(IN_FLIGHT, value, AtomicInteger::get)
                    .description("Managed-listener handlers running")
                    .tags(t)
                    .register(registry);
            return value;
        });
    }

    private Timer timer(String provider, String kind, String resource, String operation, String outcome) {
        return Timer.builder(OPERATION)
                .description("Polycloud portable operations, retries and backoff included")
                .tags(tags(provider, kind, resource, operation).and("outcome", outcome))
                .register(registry);
    }

    private static Tags tags(String provider, String kind, String resource, String operation) {
        return Tags.of("provider", provider, "kind", kind, "resource", resource, "operation", operation);
    }

    @Override
    public String toString() {
        return "MicrometerObserver[" + registry.getClass().getSimpleName() + "]";
    }
}

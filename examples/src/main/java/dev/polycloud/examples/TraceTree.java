package dev.polycloud.examples;

import dev.polycloud.opentelemetry.OpenTelemetryObserver;
import dev.polycloud.spi.OperationObserver;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code --trace} for the examples: an OpenTelemetry SDK keeping finished spans in memory, and a printer of them as
 * an indented tree per trace. Thread-safe.
 */
public final class TraceTree implements SpanExporter {

    private final List<SpanData> spans = new CopyOnWriteArrayList<>();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this)).build())
            .build();

    /**
     * The observer to register with {@code Polycloud.builder().observer(...)}.
     *
     * @return an {@link OpenTelemetryObserver} on this SDK
     */
    public OperationObserver observer() {
        return new OpenTelemetryObserver(sdk);
    }

    /**
     * Keeps finished spans.
     *
     * @param batch the spans
     * @return success
     */
    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        spans.addAll(batch);
        return CompletableResultCode.ofSuccess();
    }

    /**
     * Nothing to flush.
     *
     * @return success
     */
    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    /**
     * Nothing to release.
     *
     * @return success
     */
    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    /**
     * The spans finished so far as indented trees, roots in start order.
     *
     * @return the printed trees
     */
    public String render() {
        List<SpanData> sorted = spans.stream().sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
        StringBuilder out = new StringBuilder();
        for (SpanData s : sorted) {
            if (sorted.stream().noneMatch(p -> p.getSpanId().equals(s.getParentSpanId()))) {
                render(s, sorted, 0, out);
            }
        }
        return out.toString();
    }

    private static void render(SpanData span, List<SpanData> all, int depth, StringBuilder out) {
        long micros = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1000;
        out.append("  ".repeat(depth)).append(span.getName()).append(" [").append(span.getKind()).append(", ")
                .append(micros).append(" µs").append(span.getStatus().getStatusCode()
                        == io.opentelemetry.api.trace.StatusCode.ERROR ? ", ERROR " + span.getStatus().getDescription()
                        : "").append("] trace ").append(span.getTraceId(), 0, 8).append('\n');
        for (SpanData child : all) {
            if (child.getParentSpanId().equals(span.getSpanId())) {
                render(child, all, depth + 1, out);
            }
        }
    }
}

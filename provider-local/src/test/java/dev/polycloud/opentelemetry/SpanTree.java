package dev.polycloud.opentelemetry;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Prints finished spans as an indented tree, parents before children, for the README and for debugging. */
final class SpanTree {

    private SpanTree() {
    }

    static String render(List<SpanData> spans) {
        StringBuilder out = new StringBuilder();
        List<SpanData> sorted = spans.stream().sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
                .collect(Collectors.toList());
        for (SpanData s : sorted) {
            if (sorted.stream().noneMatch(p -> p.getSpanId().equals(s.getParentSpanId()))) {
                render(s, sorted, 0, out);
            }
        }
        return out.toString();
    }

    private static void render(SpanData span, List<SpanData> all, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(span.getName()).append(" [").append(span.getKind());
        String system = span.getAttributes().get(OpenTelemetryObserver.MESSAGING_SYSTEM);
        if (system != null) {
            out.append(", messaging.system=").append(system);
        }
        if (span.getStatus().getStatusCode() == io.opentelemetry.api.trace.StatusCode.ERROR) {
            out.append(", ERROR ").append(span.getStatus().getDescription());
        }
        out.append("] trace=").append(span.getTraceId(), 0, 8).append('\n');
        for (SpanData child : all) {
            if (child.getParentSpanId().equals(span.getSpanId())) {
                render(child, all, depth + 1, out);
            }
        }
    }
}

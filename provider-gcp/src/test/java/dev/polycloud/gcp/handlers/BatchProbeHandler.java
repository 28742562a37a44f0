package dev.polycloud.gcp.handlers;

import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.message.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test handler of message batches: appends one JSON line per batch to the file named by the
 * variable {@code PROBE_OUT} (it runs in another JVM), fails the messages whose body is {@code fail},
 * and throws for a body {@code throw}.
 */
public final class BatchProbeHandler implements FunctionHandler<MessageBatch, BatchResult> {

    @Override
    public BatchResult handle(MessageBatch batch, FunctionContext context) throws Exception {
        List<Map<String, Object>> messages = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ReceivedMessage m : batch.messages()) {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("id", m.id());
            seen.put("body", m.bodyAsString());
            seen.put("attributes", m.attributes());
            seen.put("deliveryCount", m.deliveryCount());
            seen.put("orderingGroup", m.orderingGroup().orElse(null));
            seen.put("sentAt", m.sentAt().toString());
            messages.add(seen);
            if (m.bodyAsString().equals("fail")) {
                failed.add(m.id());
            }
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("function", context.functionName());
        line.put("source", batch.source());
        line.put("messages", messages);
        Files.writeString(Path.of(context.environment().get("PROBE_OUT")),
                new String(PayloadCodec.encode(line), StandardCharsets.UTF_8) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (batch.messages().stream().anyMatch(m -> m.bodyAsString().equals("throw"))) {
            throw new IllegalStateException("throwing on purpose");
        }
        return BatchResult.failed(failed);
    }
}

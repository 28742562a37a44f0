package dev.polycloud.conformance.handlers;

import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.MessageBatch;
import dev.polycloud.message.ReceivedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The queue and subscription trigger handler: records every message it sees in the
 * {@link Recorder} (as {@link Seen}), fails the messages whose body starts with {@value #FAIL}
 * (partial batch failure), and throws — failing the whole batch — when a body is {@value #THROW}.
 */
public final class BatchHandler implements FunctionHandler<MessageBatch, BatchResult> {

    /** Bodies starting with this are reported failed. */
    public static final String FAIL = "fail";
    /** A body equal to this makes the handler throw. */
    public static final String THROW = "throw";

    /**
     * One message as the handler saw it.
     *
     * @param source the batch's source
     * @param id the message id
     * @param body the body as text
     * @param attributes the attributes
     * @param deliveryCount the delivery count
     * @param batchSize how many messages the batch had
     * @param requestId the invocation's request id
     */
    public record Seen(String source, String id, String body, Map<String, String> attributes, int deliveryCount,
                       int batchSize, String requestId) {
    }

    @Override
    public BatchResult handle(MessageBatch batch, FunctionContext context) {
        List<String> failed = new ArrayList<>();
        boolean throwIt = false;
        for (ReceivedMessage m : batch.messages()) {
            String body = m.bodyAsString();
            Recorder.record(context.functionName(), new Seen(batch.source(), m.id(), body, m.attributes(),
                    m.deliveryCount(), batch.messages().size(), context.requestId()));
            if (body.startsWith(FAIL)) {
                failed.add(m.id());
            } else if (body.equals(THROW)) {
                throwIt = true;
            }
        }
        if (throwIt) {
            throw new DeliberateFailureException("batch handler threw on purpose");
        }
        return BatchResult.failed(failed);
    }
}

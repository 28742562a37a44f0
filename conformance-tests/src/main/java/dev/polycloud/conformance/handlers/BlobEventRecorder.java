package dev.polycloud.conformance.handlers;

import dev.polycloud.blob.BlobEvent;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bucket trigger handler: records every event it sees in the {@link Recorder} (as {@link Seen}). An event whose
 * key starts with {@value #FAIL_ONCE} fails its batch the first time this function sees it, so that the suite can
 * check that a failed batch is delivered again.
 */
public final class BlobEventRecorder implements FunctionHandler<BlobEventBatch, Void> {

    /** Keys starting with this fail their batch once. */
    public static final String FAIL_ONCE = "fail-once";

    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

    /**
     * One event as the handler saw it.
     *
     * @param bucket the batch's bucket
     * @param event the event
     * @param batchSize how many events the batch had
     */
    public record Seen(String bucket, BlobEvent event, int batchSize) {
    }

    @Override
    public Void handle(BlobEventBatch batch, FunctionContext context) {
        for (BlobEvent e : batch.events()) {
            Recorder.record(context.functionName(), new Seen(batch.bucket(), e, batch.events().size()));
        }
        for (BlobEvent e : batch.events()) {
            if (e.key().startsWith(FAIL_ONCE) && FAILED.add(context.functionName() + "/" + e.key())) {
                throw new DeliberateFailureException("failing the batch with " + e.key() + " once");
            }
        }
        return null;
    }
}

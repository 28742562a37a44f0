package dev.polycloud.conformance.handlers;

import dev.polycloud.function.BatchResult;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.TableChange;
import dev.polycloud.function.TableChangeBatch;

/** The table trigger handler: records every change it sees in the {@link Recorder} (as {@link Seen}). */
public final class TableChangeRecorder implements FunctionHandler<TableChangeBatch, BatchResult> {

    /**
     * One change as the handler saw it.
     *
     * @param table the batch's table
     * @param change the change
     * @param batchSize how many changes the batch had
     */
    public record Seen(String table, TableChange change, int batchSize) {
    }

    @Override
    public BatchResult handle(TableChangeBatch batch, FunctionContext context) {
        for (TableChange c : batch.changes()) {
            Recorder.record(context.functionName(), new Seen(batch.table(), c, batch.changes().size()));
        }
        return BatchResult.success();
    }
}

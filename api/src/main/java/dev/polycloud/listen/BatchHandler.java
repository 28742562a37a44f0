package dev.polycloud.listen;

import dev.polycloud.function.BatchResult;
import dev.polycloud.function.MessageBatch;

/**
 * Handles the messages of one receive together, for a {@link Listener} started with
 * {@link dev.polycloud.message.MessageReceiver#listenBatch(BatchHandler, ListenerOptions)}: the same
 * {@link MessageBatch}/{@link BatchResult} contract as a queue trigger. The messages named in
 * {@link BatchResult#failedIds()} are nacked, every other one is acked; throwing nacks the whole
 * batch.
 *
 * <p>Batches hold up to {@link ListenerOptions#batchSize()} messages and run concurrently on up to
 * {@link ListenerOptions#concurrency()} threads; handlers must be thread-safe.
 */
@FunctionalInterface
public interface BatchHandler {

    /**
     * Processes a batch.
     *
     * @param batch the leased messages, in delivery order
     * @return which messages failed; {@link BatchResult#success()} when none did
     * @throws Exception any failure, which nacks every message of the batch
     */
    BatchResult handle(MessageBatch batch) throws Exception;
}

package dev.polycloud.azure.queues;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Runs the operations on one delivery (one portable receipt) one after another, in the order they were
 * called, whether they block or not. Storage Queues give a message a new pop receipt on every update, so
 * an ack, nack or lease extension of one delivery must not overlap another: an ack that read the receipt
 * while an extension was replacing it would be refused as stale, and the message would come back although
 * it was handled.
 *
 * <p>How: each operation puts a "done" future of its own as the receipt's tail and starts when the previous
 * tail completes. An asynchronous operation is chained on the previous one ({@code thenCompose}), so waiting
 * for its turn holds no thread; a blocking one waits on the caller's thread. Operations on different receipts
 * do not wait for each other. A tail leaves the map when its operation ends and nothing queued behind it, so
 * the map holds only receipts with operations in progress.
 *
 * <p>Thread-safe.
 */
final class ReceiptOrder {

    private final ConcurrentMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /**
     * Runs an asynchronous operation on a receipt after the operations called before on it.
     *
     * @param receipt the portable receipt
     * @param operation starts the operation (called when its turn comes, on the thread that ended the
     *                  previous one, so it must not block); what it throws fails the result
     * @param <T> the result type
     * @return the operation's result
     */
    <T> CompletableFuture<T> async(String receipt, Supplier<CompletableFuture<T>> operation) {
        Objects.requireNonNull(operation, "operation");
        String key = String.valueOf(receipt);
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(key, done);
        CompletableFuture<T> result = (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                .thenCompose(ignored -> start(operation));
        result.whenComplete((value, error) -> {
            tails.remove(key, done);
            done.complete(null);
        });
        return result;
    }

    /**
     * Runs a blocking operation on a receipt, on the caller's thread, after the operations called before on it.
     *
     * @param receipt the portable receipt
     * @param operation the operation
     * @param <T> the result type
     * @return its result
     */
    <T> T blocking(String receipt, Supplier<T> operation) {
        Objects.requireNonNull(operation, "operation");
        String key = String.valueOf(receipt);
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(key, done);
        try {
            if (previous != null) {
                previous.join(); // a "done" future: it never fails, and each operation is bounded by the timeout
            }
            return operation.get();
        } finally {
            tails.remove(key, done);
            done.complete(null);
        }
    }

    /**
     * The number of receipts with operations in progress (for tests).
     *
     * @return the count
     */
    int busy() {
        return tails.size();
    }

    private static <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> operation) {
        try {
            return Objects.requireNonNull(operation.get(), "the operation returned no future");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

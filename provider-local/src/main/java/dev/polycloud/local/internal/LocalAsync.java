package dev.polycloud.local.internal;

import dev.polycloud.message.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The in-memory provider's asynchronous calls. Everything in memory completes at once, so the
 * calls run on the caller's thread and return a completed future; a long-poll receive that finds
 * nothing re-checks on a scheduled delay every few milliseconds until its wait ends, never
 * blocking a thread.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalAsync {

    private static final long RECHECK_MILLIS = 5;

    private LocalAsync() {
    }

    /** Runs an in-memory call now; what it throws completes the future exceptionally. */
    public static <T> CompletableFuture<T> now(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs an in-memory call that returns nothing now. */
    public static CompletableFuture<Void> now(Runnable call) {
        return now(() -> {
            call.run();
            return null;
        });
    }

    /**
     * A long-poll receive without blocking: {@code poll} receives without waiting; while it finds
     * nothing it is tried again after a short scheduled delay until {@code wait} has passed.
     */
    public static CompletableFuture<List<ReceivedMessage>> receive(Duration wait, Supplier<List<ReceivedMessage>> poll) {
        CompletableFuture<List<ReceivedMessage>> result = new CompletableFuture<>();
        attempt(System.nanoTime() + wait.toNanos(), poll, result);
        return result;
    }

    private static void attempt(long deadline, Supplier<List<ReceivedMessage>> poll,
                                CompletableFuture<List<ReceivedMessage>> result) {
        List<ReceivedMessage> got;
        try {
            got = poll.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        if (!got.isEmpty() || System.nanoTime() >= deadline) {
            result.complete(got);
            return;
        }
        CompletableFuture.delayedExecutor(RECHECK_MILLIS, TimeUnit.MILLISECONDS)
                .execute(() -> attempt(deadline, poll, result));
    }
}

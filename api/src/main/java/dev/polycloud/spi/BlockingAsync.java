package dev.polycloud.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the default asynchronous driver methods use: they run the blocking call on a shared pool
 * of daemon threads ({@code polycloud-blocking-async-N}, created on demand, idle ones end after a
 * minute). Drivers whose cloud has an asynchronous client override those methods instead, so that
 * no thread waits on the network; each provider's README says which do.
 */
public final class BlockingAsync {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "polycloud-blocking-async-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private BlockingAsync() {
    }

    /**
     * Runs a blocking call on the shared pool.
     *
     * @param call the blocking driver call
     * @param <T> its result type
     * @return a future completed with its result, or exceptionally with what it threw
     */
    public static <T> CompletableFuture<T> supply(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, POOL);
    }

    /**
     * Runs a blocking call that returns nothing on the shared pool.
     *
     * @param call the blocking driver call
     * @return a future completed when it returns, or exceptionally with what it threw
     */
    public static CompletableFuture<Void> run(Runnable call) {
        return CompletableFuture.runAsync(call, POOL);
    }
}

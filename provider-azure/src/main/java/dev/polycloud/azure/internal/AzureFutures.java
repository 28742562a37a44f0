package dev.polycloud.azure.internal;

import dev.polycloud.CloudException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Turns the Reactor {@link Mono}s of the Azure SDK's asynchronous clients ({@code QueueAsyncClient},
 * {@code TableAsyncClient}) into the {@link CompletableFuture}s of the drivers' asynchronous methods: no
 * thread waits on the network, failures complete the future exceptionally with the portable exception of
 * {@link AzureErrors#map} (the same codes as the blocking calls), and cancelling the returned future cancels
 * the client call. An empty {@code Mono} completes the future with {@code null}.
 *
 * <p><b>Where continuations run.</b> The futures are completed on a small Polycloud executor
 * ({@code polycloud-azure-async-N} daemon threads, created on demand, idle ones end after a minute), never
 * on the thread that delivered the answer. That thread is one of Reactor Netty's event loops, which serve
 * every connection of the client: a continuation that blocks there (the portable layer's dead-lettering
 * of exhausted messages sends blocking; user code may call a blocking Polycloud method inside
 * {@code thenApply}) would stall all other calls on that loop, and the blocking Azure clients refuse to
 * run on it at all ({@code block()} is not supported on Reactor's non-blocking threads). Reactor's own
 * {@code boundedElastic} scheduler was not taken because it is capped (ten threads per core): continuations
 * that block while waiting for other asynchronous results could use it up and wait for each other. The
 * executor's threads only run continuations; none of them waits for Azure, so while a call is in flight
 * no thread is held. (A continuation attached after the future completed runs on the attaching thread, as
 * always with {@code CompletableFuture}.)
 *
 * <p>Timeouts: each request is bounded by the HTTP client's response and read timeouts
 * ({@code polycloud.timeout}, as for the blocking calls), which fail it with {@code DEADLINE_EXCEEDED}.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 * Thread-safe (stateless but for the shared executor).
 */
public final class AzureFutures {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final Executor CALLBACKS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "polycloud-azure-async-" + COUNT.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private AzureFutures() {
    }

    /**
     * Starts a client call and adapts its {@code Mono}, mapping failures with {@link AzureErrors#map}.
     *
     * @param call starts the call (assembles the {@code Mono}); what it throws fails the returned future
     * @param resource the resource concerned, for example {@code "queue orders"}
     * @param <T> the result type
     * @return the adapted future, completed on Polycloud's executor
     */
    public static <T> CompletableFuture<T> of(Supplier<? extends Mono<T>> call, String resource) {
        Objects.requireNonNull(resource, "resource");
        return of(call, e -> AzureErrors.map(e, resource));
    }

    /**
     * Starts a client call and adapts its {@code Mono}, mapping failures with the given function (for a
     * driver whose blocking path refines the mapping, such as a conditional write's conflict codes).
     *
     * @param call starts the call (assembles the {@code Mono}); what it throws fails the returned future
     * @param mapper maps the SDK's failure (unwrapped from Reactor's and the future's wrappers); a
     *               {@link CloudException} thrown by the driver's own code reaches it too
     * @param <T> the result type
     * @return the adapted future, completed on Polycloud's executor
     */
    public static <T> CompletableFuture<T> of(Supplier<? extends Mono<T>> call,
                                              Function<Throwable, CloudException> mapper) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(mapper, "mapper");
        Mono<T> mono;
        try {
            mono = Objects.requireNonNull(call.get(), "the call returned no Mono");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(mapper.apply(unwrap(e)));
        }
        CompletableFuture<T> source = mono.toFuture();
        CompletableFuture<T> out = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                source.cancel(mayInterruptIfRunning);
                return super.cancel(mayInterruptIfRunning);
            }
        };
        source.whenCompleteAsync((value, error) -> {
            if (error == null) {
                out.complete(value);
            } else {
                out.completeExceptionally(mapper.apply(unwrap(error)));
            }
        }, CALLBACKS);
        return out;
    }

    /**
     * A future completed (on Polycloud's executor) after a pause, holding no thread meanwhile: the wait
     * between two polls of an asynchronous receive.
     *
     * @param pause how long to wait
     * @return the future
     */
    public static CompletableFuture<Void> delay(Duration pause) {
        return CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(Math.max(0, pause.toNanos()), TimeUnit.NANOSECONDS, CALLBACKS));
    }

    /**
     * Completes when all the futures have; if any failed, exceptionally with the first failure in list
     * order (unwrapped, so a {@link CloudException} stays one), after all of them ended.
     *
     * @param futures the futures
     * @return the combined future
     */
    public static CompletableFuture<Void> allOf(List<? extends CompletableFuture<?>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((ignored, error) -> {
            if (error == null) {
                return null;
            }
            for (CompletableFuture<?> f : futures) {
                if (f.isCompletedExceptionally()) {
                    Throwable cause = unwrap(f.handle((v, e) -> e).join());
                    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
                }
            }
            throw new CompletionException(error);
        });
    }

    /**
     * The failure behind Reactor's and the futures' wrappers.
     *
     * @param error a failure
     * @return the failure it wraps, or itself
     */
    public static Throwable unwrap(Throwable error) {
        Throwable t = Exceptions.unwrap(error);
        int depth = 0;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null
                && depth++ < 10) {
            t = Exceptions.unwrap(t.getCause());
        }
        return t;
    }
}

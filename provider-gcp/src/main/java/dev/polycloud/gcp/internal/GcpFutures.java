package dev.polycloud.gcp.internal;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Turns the {@link ApiFuture}s of the Google clients into {@link CompletableFuture}s for the
 * drivers' asynchronous methods: no thread waits on the network, failures complete the future
 * exceptionally with the portable exception of {@link GcpErrors#map}, and cancelling the returned
 * future cancels the client call.
 *
 * <p>Not API: public only so that the building-block packages of this provider can use it.
 * Thread-safe (stateless).
 */
public final class GcpFutures {

    private GcpFutures() {
    }

    /**
     * Starts a client call and adapts its future.
     *
     * @param call starts the call; what it throws synchronously fails the returned future
     * @param operation what is attempted, for messages
     * @param resource the resource, for messages
     * @param <T> the result type
     * @return the adapted future
     */
    public static <T> CompletableFuture<T> of(Supplier<ApiFuture<T>> call, String operation, String resource) {
        ApiFuture<T> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(GcpErrors.map(e, operation, resource));
        }
        CompletableFuture<T> out = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                future.cancel(mayInterruptIfRunning);
                return super.cancel(mayInterruptIfRunning);
            }
        };
        ApiFutures.addCallback(future, new ApiFutureCallback<T>() {
            @Override
            public void onFailure(Throwable t) {
                out.completeExceptionally(GcpErrors.map(t, operation, resource));
            }

            @Override
            public void onSuccess(T result) {
                out.complete(result);
            }
        }, MoreExecutors.directExecutor());
        return out;
    }

    /**
     * Like {@link #of(Supplier, String, String)}, and fails with
     * {@link ErrorCode#DEADLINE_EXCEEDED} (cancelling the call) when no answer came within
     * {@code timeout} ({@code polycloud.timeout}), as the blocking calls do.
     *
     * @param call starts the call
     * @param operation what is attempted, for messages
     * @param resource the resource, for messages
     * @param timeout the most time to wait
     * @param <T> the result type
     * @return the adapted future
     */
    public static <T> CompletableFuture<T> of(Supplier<ApiFuture<T>> call, String operation, String resource,
                                              Duration timeout) {
        CompletableFuture<T> out = of(call, operation, resource);
        if (!out.isDone()) {
            CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
                CloudException late = new CloudException(ErrorCode.DEADLINE_EXCEEDED, operation + " on " + resource
                        + " got no answer within " + timeout + " (polycloud.timeout)", GcpErrors.PROVIDER, resource,
                        null);
                if (out.completeExceptionally(late)) {
                    out.cancel(true);
                }
            });
        }
        return out;
    }
}

package dev.polycloud.gcp.functions;

import dev.polycloud.ErrorCode;
import dev.polycloud.internal.FunctionObservation;
import dev.polycloud.spi.OperationObserver;
import java.util.List;
import dev.polycloud.internal.InvocationContext;
import dev.polycloud.function.HandlerInvoker;
import dev.polycloud.function.HandlerInvoker.HandlerFailure;
import dev.polycloud.function.HandlerInvoker.HandlerLoadException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part both adapters share: the configuration, the handler loaded once (on first use, so that
 * a wrong class name is reported to every caller instead of crashing the instance), and running
 * one invocation within the function's timeout on a worker thread (interrupted when it runs over).
 */
final class HandlerHost {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "polycloud-handler-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final AdapterConfig config;
    private final RuntimeException configError;
    private final ClassLoader loader;
    /** The provider id reported with each invocation. */
    static final String PROVIDER = "gcp";

    private volatile HandlerInvoker invoker;
    private volatile RuntimeException loadError;

    /**
     * Reads the configuration from environment variables; a bad configuration is reported at the
     * first invocation.
     *
     * @param env the variables
     * @param loader the class loader that has the handler
     */
    HandlerHost(Map<String, String> env, ClassLoader loader) {
        AdapterConfig c = null;
        RuntimeException error = null;
        try {
            c = AdapterConfig.from(env);
        } catch (IllegalStateException e) {
            error = e;
        }
        this.config = c;
        this.configError = error;
        this.loader = loader;
    }

    /**
     * The configuration.
     *
     * @return the configuration
     * @throws IllegalStateException when the environment is wrong
     */
    AdapterConfig config() {
        if (configError != null) {
            throw configError;
        }
        return config;
    }

    /**
     * The handler, loaded on first use.
     *
     * @return the invoker
     * @throws IllegalStateException when the environment is wrong
     * @throws HandlerLoadException when the handler cannot be loaded (every time after the first failure)
     */
    HandlerInvoker invoker() {
        HandlerInvoker h = invoker;
        if (h != null) {
            return h;
        }
        synchronized (this) {
            if (invoker == null) {
                if (loadError != null) {
                    throw loadError;
                }
                try {
                    invoker = HandlerInvoker.load(config().handler(), loader);
                } catch (HandlerLoadException | IllegalStateException e) {
                    loadError = e;
                    throw e;
                }
            }
            return invoker;
        }
    }

    /**
     * A context for one invocation, its deadline starting now.
     *
     * @param requestId the platform's execution id, or null for a fresh one
     * @return the context
     */
    InvocationContext context(String requestId) {
        AdapterConfig c = config();
        return new InvocationContext(c.function(), requestId == null || requestId.isBlank()
                ? UUID.randomUUID().toString() : requestId, System.nanoTime() + c.timeout().toNanos(),
                c.environment());
    }

    /**
     * Runs the work on a worker thread and waits for it until the context's deadline.
     *
     * @param work the invocation
     * @param context its context
     * @param <T> the result type
     * @return the result
     * @throws HandlerFailure when the handler failed
     * @throws TimeoutException when the deadline passed (the worker is interrupted)
     */
    <T> T run(Callable<T> work, InvocationContext context) throws HandlerFailure, TimeoutException {
        return run(work, context, FunctionObservation.OTHER, List.of());
    }

    /**
     * Runs the work on a worker thread like {@link #run(Callable, InvocationContext)}, with the MDC keys and the
     * observer's invocation scope ({@link FunctionObservation}, observer {@link HandlerInvoker#observer()}) around
     * it on that thread, continuing the trace context of {@code carriers}.
     *
     * @param work the invocation
     * @param context its context
     * @param trigger the trigger, one of {@link FunctionObservation}'s constants
     * @param carriers the trace contexts that came with the invocation
     * @param <T> the result type
     * @return the result
     * @throws HandlerFailure when the handler failed
     * @throws TimeoutException when the deadline passed (the worker is interrupted)
     */
    <T> T run(Callable<T> work, InvocationContext context, String trigger, List<Map<String, String>> carriers)
            throws HandlerFailure, TimeoutException {
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        OperationObserver observer = HandlerInvoker.observer();
        Future<T> future = WORKERS.submit(() -> {
            Thread.currentThread().setContextClassLoader(callerLoader);
            try (FunctionObservation.Invocation invocation = FunctionObservation.begin(observer, PROVIDER,
                    context.functionName(), trigger, context.requestId(), carriers)) {
                try {
                    T out = work.call();
                    invocation.end(null);
                    return out;
                } catch (Exception e) {
                    invocation.end(ErrorCode.FUNCTION_FAILED);
                    throw e;
                }
            }
        });
        try {
            return future.get(Math.max(1, context.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new HandlerFailure(InterruptedException.class.getName(), "the invocation was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HandlerFailure f) {
                throw f;
            }
            throw new HandlerFailure(cause.getClass().getName(), cause.getMessage(), cause);
        }
    }
}

package dev.polycloud.local.functions;

import dev.polycloud.local.LocalCloudProvider;

import dev.polycloud.internal.InvocationContext;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.FunctionFailedException;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.HandlerInvoker;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.internal.FunctionObservation;
import dev.polycloud.spi.OperationObserver;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs deployed handlers in this JVM: one handler instance per deployment (like a warm
 * container), each invocation on a pooled thread with the function's timeout, a reserved
 * concurrency limit per function and a global limit per runtime.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalFunctionRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFunctionRuntime.class);

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int TIMED_OUT = 2;
    private static final int INTERRUPTED = 3;
    private static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Map<String, Deployed> functions = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    /** Invocations running on their caller's thread, watched for their deadline. */
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean watchdogStarted = new AtomicBoolean();
    private volatile boolean closed;

    /** An invocation on its caller's thread: its deadline, thread, timeout action and state. */
    private static final class Watched {
        final long deadline;
        final Thread thread;
        final Runnable onTimeout;
        final AtomicInteger state = new AtomicInteger(RUNNING);

        Watched(long deadline, Thread thread, Runnable onTimeout) {
            this.deadline = deadline;
            this.thread = thread;
            this.onTimeout = onTimeout;
        }

        void expire() {
            if (state.compareAndSet(RUNNING, TIMED_OUT)) {
                try {
                    onTimeout.run();
                } finally {
                    thread.interrupt();
                    state.set(INTERRUPTED);
                }
            }
        }
    }
    private final Semaphore global;
    private final OperationObserver observer;

    /** A deployed function. */
    record Deployed(FunctionSpec spec, HandlerInvoker invoker, Optional<Semaphore> reserved,
                    Optional<URLClassLoader> loader) {
    }

    public LocalFunctionRuntime(int maxConcurrency) {
        this(maxConcurrency, OperationObserver.NONE);
    }

    /**
     * A runtime whose invocations set the MDC keys and are reported to {@code observer} (traces).
     *
     * @param maxConcurrency the most invocations running at once
     * @param observer the observer; {@link OperationObserver#NONE} for none
     */
    public LocalFunctionRuntime(int maxConcurrency, OperationObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.global = new Semaphore(maxConcurrency);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "polycloud-function-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void deploy(FunctionSpec spec) {
        URLClassLoader loader = null;
        ClassLoader parent = LocalFunctionRuntime.class.getClassLoader();
        if (spec.artifact().isPresent()) {
            if (!Files.isRegularFile(spec.artifact().get())) {
                throw CloudException.invalidArgument("Function artifact " + spec.artifact().get() + " is not a file");
            }
            try {
                loader = new URLClassLoader(new URL[] {spec.artifact().get().toUri().toURL()}, parent);
            } catch (MalformedURLException e) {
                throw CloudException.invalidArgument("Function artifact " + spec.artifact().get() + " is not usable");
            }
        }
        HandlerInvoker invoker;
        try {
            invoker = HandlerInvoker.load(spec.handler(), loader != null ? loader : parent);
        } catch (HandlerInvoker.HandlerLoadException e) {
            closeQuietly(loader);
            throw new CloudException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), LocalCloudProvider.ID,
                    "function " + spec.name(), e);
        }
        Deployed previous = functions.put(spec.name(), new Deployed(spec, invoker,
                spec.reservedConcurrency().map(Semaphore::new), Optional.ofNullable(loader)));
        if (previous != null) {
            previous.loader().ifPresent(LocalFunctionRuntime::closeQuietly);
        }
    }

    Optional<FunctionSpec> get(String name) {
        return Optional.ofNullable(functions.get(name)).map(Deployed::spec);
    }

    List<FunctionSpec> list() {
        return functions.values().stream().map(Deployed::spec)
                .sorted(java.util.Comparator.comparing(FunctionSpec::name)).toList();
    }

    void delete(String name) {
        Deployed d = functions.remove(name);
        if (d == null) {
            throw notFound(name);
        }
        d.loader().ifPresent(LocalFunctionRuntime::closeQuietly);
    }

    /**
     * The observer invocations are reported to.
     *
     * @return the observer
     */
    public OperationObserver observer() {
        return observer;
    }

    /** Invokes synchronously, honouring the timeout and the concurrency limits. */
    public byte[] invoke(String name, byte[] payload, String requestId) {
        return invoke(name, payload, requestId, FunctionObservation.OTHER, List.of());
    }

    /**
     * Invokes synchronously like {@link #invoke(String, byte[], String)}, continuing the trace context in
     * {@code carrier} (the triggering message's attributes).
     *
     * @param name the function
     * @param payload the input payload
     * @param requestId the invocation id
     * @param carrier the trace context carrier
     * @return the output payload
     */
    public byte[] invoke(String name, byte[] payload, String requestId, Map<String, String> carrier) {
        return invoke(name, payload, requestId, FunctionObservation.PUBSUB, List.of(carrier));
    }

    /**
     * Invokes synchronously like {@link #invoke(String, byte[], String)}, reporting the trigger and continuing
     * the trace context of the first carrier (linking the others).
     *
     * @param name the function
     * @param payload the input payload
     * @param requestId the invocation id
     * @param trigger the trigger, one of {@link FunctionObservation}'s constants
     * @param carriers the trace context carriers (each triggering message's attributes)
     * @return the output payload
     */
    public byte[] invoke(String name, byte[] payload, String requestId, String trigger,
                         List<Map<String, String>> carriers) {
        return (byte[]) invoke(name, requestId, d -> observed(name, requestId, trigger, carriers,
                (invoker, context) -> invoker.invoke(payload, context)), null);
    }

    /**
     * Invokes with an HTTP event, like {@link #invoke(String, byte[], String)} but without the
     * JSON round trip when the handler takes an {@link HttpRequest}: the event is handed over as
     * is and the handler's result comes back as the object it returned (an {@link HttpResponse},
     * or anything else, which the caller encodes). Other handlers get the JSON payload and their
     * result is the encoded {@code byte[]}.
     */
    Object invokeHttp(String name, HttpRequest event, String requestId) {
        List<Map<String, String>> carriers = httpCarriers(event);
        return invoke(name, requestId, d -> observed(name, requestId, FunctionObservation.HTTP, carriers,
                httpCall(event).apply(d)), null);
    }

    /**
     * Like {@link #invokeHttp} but runs the handler on the calling thread (the gateway's request
     * thread), saving two thread hand-offs per request. The timeout still holds: when it passes
     * first, {@code onTimeout} runs on the watchdog thread (the gateway answers 504 there), the
     * calling thread is interrupted like a cancelled pooled invocation, and this method throws
     * {@code DEADLINE_EXCEEDED} once the handler has returned, with the interrupt cleared.
     */
    public Object invokeHttpHere(String name, HttpRequest event, String requestId, Runnable onTimeout) {
        List<Map<String, String>> carriers = httpCarriers(event);
        return invoke(name, requestId, d -> observed(name, requestId, FunctionObservation.HTTP, carriers,
                httpCall(event).apply(d)), Objects.requireNonNull(onTimeout, "onTimeout"));
    }

    /**
     * The trace context of an HTTP invocation: the caller's current context when there is one (the gateway's
     * request span, so the invocation is its child), else the request headers.
     */
    private List<Map<String, String>> httpCarriers(HttpRequest event) {
        if (observer == OperationObserver.NONE) {
            return List.of();
        }
        Map<String, String> current = Map.of();
        try {
            current = observer.outgoingContext();
        } catch (RuntimeException e) {
            // a failing observer only loses the parent
        }
        return List.of(current != null && !current.isEmpty() ? current : FunctionObservation.headers(event));
    }

    /**
     * Wraps a call so that it runs with the MDC keys of the invocation and inside the observer's handling scope,
     * on whichever thread runs it (the pool's or the caller's).
     */
    private Call observed(String name, String requestId, String trigger, List<Map<String, String>> carriers,
                          Call call) {
        return (invoker, context) -> {
            try (FunctionObservation.Invocation h = FunctionObservation.begin(observer, LocalCloudProvider.ID, name,
                    trigger, requestId, carriers)) {
                try {
                    Object result = call.call(invoker, context);
                    h.end(null);
                    return result;
                } catch (HandlerInvoker.HandlerFailure e) {
                    h.end(ErrorCode.FUNCTION_FAILED);
                    throw e;
                } catch (RuntimeException e) {
                    h.end(e instanceof CloudException c ? c.code() : ErrorCode.INTERNAL);
                    throw e;
                }
            }
        };
    }

    private static Function<Deployed, Call> httpCall(HttpRequest event) {
        return d -> d.invoker().inputType() == HttpRequest.class
                ? (invoker, context) -> invoker.invokeObject(event, context)
                : (invoker, context) -> invoker.invoke(PayloadCodec.encode(event), context);
    }

    /** One call of a handler. */
    @FunctionalInterface
    private interface Call {
        Object call(HandlerInvoker invoker, InvocationContext context) throws HandlerInvoker.HandlerFailure;
    }

    /** Invokes on the pool, or on this thread when {@code onTimeout} is given. */
    private Object invoke(String name, String requestId, Function<Deployed, Call> call, Runnable onTimeout) {
        Deployed d = functions.get(name);
        if (d == null) {
            throw notFound(name);
        }
        if (d.reserved().isPresent() && !d.reserved().get().tryAcquire()) {
            throw new CloudException(ErrorCode.THROTTLED, "Function '" + name + "' is at its reserved concurrency of "
                    + d.spec().reservedConcurrency().orElseThrow(), LocalCloudProvider.ID, "function " + name, null);
        }
        try {
            if (!global.tryAcquire()) {
                throw new CloudException(ErrorCode.THROTTLED, "The local runtime is at its concurrency limit",
                        LocalCloudProvider.ID, "function " + name, null);
            }
            try {
                return onTimeout == null ? run(d, call.apply(d), requestId)
                        : runHere(d, call.apply(d), requestId, onTimeout);
            } finally {
                global.release();
            }
        } finally {
            d.reserved().ifPresent(Semaphore::release);
        }
    }

    private Object runHere(Deployed d, Call call, String requestId, Runnable onTimeout) {
        String name = d.spec().name();
        long timeoutNanos = d.spec().timeout().toNanos();
        InvocationContext context = new InvocationContext(name, requestId, System.nanoTime() + timeoutNanos,
                d.spec().environment());
        ClassLoader handlerLoader = d.loader().map(ClassLoader.class::cast)
                .orElse(LocalFunctionRuntime.class.getClassLoader());
        Thread current = Thread.currentThread();
        Watched watch = new Watched(context.deadlineNanos(), current, onTimeout);
        startWatchdog();
        watched.add(watch);
        AtomicInteger state = watch.state;
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(handlerLoader);
        Object result = null;
        Exception failure = null;
        try {
            result = call.call(d.invoker(), context);
        } catch (HandlerInvoker.HandlerFailure | RuntimeException e) {
            failure = e;
        } finally {
            current.setContextClassLoader(before);
        }
        if (!state.compareAndSet(RUNNING, DONE)) {
            while (state.get() != INTERRUPTED) {
                Thread.onSpinWait();
            }
            Thread.interrupted(); // the watchdog's interrupt: this thread goes back to the server
            watched.remove(watch);
            throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Function '" + name + "' timed out after "
                    + d.spec().timeout(), LocalCloudProvider.ID, "function " + name, null);
        }
        watched.remove(watch);
        if (failure instanceof HandlerInvoker.HandlerFailure f) {
            LOG.debug("Function {} failed: {}", name, f.errorType());
            throw new FunctionFailedException(name, f.errorType(), f.getMessage(), LocalCloudProvider.ID);
        }
        if (failure != null) {
            throw new CloudException(ErrorCode.INTERNAL, "Function '" + name + "' could not run: " + failure,
                    LocalCloudProvider.ID, "function " + name, failure);
        }
        return result;
    }

    /**
     * Starts, once, the daemon thread that expires invocations running on their callers' threads:
     * it looks every {@link #WATCH_NANOS}, so a timeout fires up to that much late, and an
     * invocation costs a set insertion and removal instead of a timer task (whose scheduling
     * wakes a timer thread per request).
     */
    private void startWatchdog() {
        if (watchdogStarted.get() || !watchdogStarted.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            while (!closed) {
                LockSupport.parkNanos(WATCH_NANOS);
                long now = System.nanoTime();
                for (Watched w : watched) {
                    if (now - w.deadline >= 0) {
                        watched.remove(w);
                        w.expire();
                    }
                }
            }
        }, "polycloud-function-timeouts");
        t.setDaemon(true);
        t.start();
    }

    private Object run(Deployed d, Call call, String requestId) {
        String name = d.spec().name();
        long timeoutNanos = d.spec().timeout().toNanos();
        InvocationContext context = new InvocationContext(name, requestId, System.nanoTime() + timeoutNanos,
                d.spec().environment());
        ClassLoader handlerLoader = d.loader().map(ClassLoader.class::cast)
                .orElse(LocalFunctionRuntime.class.getClassLoader());
        Future<Object> future = pool.submit(() -> {
            Thread current = Thread.currentThread();
            ClassLoader before = current.getContextClassLoader();
            current.setContextClassLoader(handlerLoader);
            try {
                return call.call(d.invoker(), context);
            } finally {
                current.setContextClassLoader(before);
            }
        });
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Function '" + name + "' timed out after "
                    + d.spec().timeout(), LocalCloudProvider.ID, "function " + name, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HandlerInvoker.HandlerFailure f) {
                LOG.debug("Function {} failed: {}", name, f.errorType());
                throw new FunctionFailedException(name, f.errorType(), f.getMessage(), LocalCloudProvider.ID);
            }
            throw new CloudException(ErrorCode.INTERNAL, "Function '" + name + "' could not run: " + e.getCause(),
                    LocalCloudProvider.ID, "function " + name, e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Interrupted while invoking '" + name + "'",
                    LocalCloudProvider.ID, "function " + name, e);
        }
    }

    /** Runs a task on the runtime's pool (async invocations, trigger deliveries). */
    public Future<?> submit(Runnable task) {
        return pool.submit(task);
    }

    /** A random (version 4 layout) UUID from {@link ThreadLocalRandom}: unique enough for a request id, and no SecureRandom. */
    public static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    static CloudException notFound(String name) {
        return new CloudException(ErrorCode.NOT_FOUND, "Function '" + name + "' does not exist",
                LocalCloudProvider.ID, "function " + name, null);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        closed = true;
        functions.values().forEach(d -> d.loader().ifPresent(LocalFunctionRuntime::closeQuietly));
        functions.clear();
    }

    private static void closeQuietly(URLClassLoader loader) {
        if (loader == null) {
            return;
        }
        try {
            loader.close();
        } catch (IOException e) {
            LOG.debug("Closing a handler class loader failed", e);
        }
    }
}

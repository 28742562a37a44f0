package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.OperationObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs driver calls for the portable layer: labels every error with provider and resource,
 * turns unexpected runtime exceptions into {@link ErrorCode#UNKNOWN}, and retries retryable
 * failures with exponential backoff and full jitter. It is also the one place that reports every
 * operation to the {@link OperationObserver} (outcome, duration, retries); with
 * {@link OperationObserver#NONE} nothing is timed.
 *
 * <p><b>The call timeout ({@code polycloud.timeout}) is per call, retries included.</b> Each driver bounds
 * one attempt by the same timeout (its client's call or request timeout); the retrier bounds the call: it
 * starts no attempt in the last tenth of the call's budget ({@code start + callTimeout}), counting the backoff
 * before it. So an attempt that times out ends the call (its budget is spent) and the
 * call fails with {@link ErrorCode#DEADLINE_EXCEEDED} within the timeout; a call whose attempts fail fast
 * is retried only while its budget lasts, then fails with the last attempt's error. An attempt started
 * late in the budget is still bounded only by its own timeout, so a call that first retried fast
 * failures may end up to one timeout later than its deadline (never more than twice the timeout).
 *
 * @param provider the provider id used to label errors
 * @param maxAttempts how many attempts in all (1 = no retry)
 * @param initialBackoff the first backoff; each later one doubles, capped at two seconds
 * @param observer what sees each operation's outcome; {@link OperationObserver#NONE} for nothing
 * @param callTimeout the budget of one call, retries included; {@link Duration#ZERO} for none
 */
public record Retrier(String provider, int maxAttempts, Duration initialBackoff, OperationObserver observer,
                      Duration callTimeout) {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    /**
     * Checks the components.
     *
     * @param provider the provider id used to label errors
     * @param maxAttempts how many attempts in all (1 = no retry)
     * @param initialBackoff the first backoff
     * @param observer what sees each operation's outcome
     * @param callTimeout the budget of one call, retries included; {@link Duration#ZERO} for none
     * @throws NullPointerException when an object argument is null
     * @throws IllegalArgumentException when {@code callTimeout} is negative
     */
    public Retrier {
        java.util.Objects.requireNonNull(provider, "provider");
        java.util.Objects.requireNonNull(initialBackoff, "initialBackoff");
        java.util.Objects.requireNonNull(observer, "observer");
        java.util.Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout must not be negative: " + callTimeout);
        }
    }

    /**
     * A retrier without a call budget (each attempt is bounded only by the driver's own timeout).
     *
     * @param provider the provider id used to label errors
     * @param maxAttempts how many attempts in all (1 = no retry)
     * @param initialBackoff the first backoff; each later one doubles, capped at two seconds
     * @param observer what sees each operation's outcome
     */
    public Retrier(String provider, int maxAttempts, Duration initialBackoff, OperationObserver observer) {
        this(provider, maxAttempts, initialBackoff, observer, Duration.ZERO);
    }

    /**
     * A retrier that reports to no observer.
     *
     * @param provider the provider id used to label errors
     * @param maxAttempts how many attempts in all (1 = no retry)
     * @param initialBackoff the first backoff; each later one doubles, capped at two seconds
     */
    public Retrier(String provider, int maxAttempts, Duration initialBackoff) {
        this(provider, maxAttempts, initialBackoff, OperationObserver.NONE, Duration.ZERO);
    }

    /** The deadline of a call started now, in {@link System#nanoTime()} terms; {@code Long.MAX_VALUE} for none. */
    private long deadline() {
        if (callTimeout.isZero()) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + callTimeout.toNanos();
    }

    /**
     * The backoff before the next attempt; -1 when no attempt may start any more (by the end of the backoff,
     * less than a tenth of the call's budget would be left).
     */
    private long backoffWithin(int attempt, long deadline) {
        long millis = backoffMillis(attempt);
        if (deadline == Long.MAX_VALUE) {
            return millis;
        }
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        // The last tenth of the budget starts no attempt: a driver's own timeout fires a little before the
        // retrier's deadline, and an attempt started then could only time out again.
        long reserve = callTimeout.toMillis() / 10;
        if (remaining - millis <= reserve) {
            return -1;
        }
        return millis;
    }

    /**
     * Runs a call, retrying retryable failures.
     *
     * @param resource the resource description, for example {@code "queue orders"}
     * @param operation the operation name, for logs
     * @param call the driver call
     * @param <T> the result type
     * @return the call's result
     * @throws CloudException the last failure, labelled with provider and resource
     */
    public <T> T call(String resource, String operation, Supplier<T> call) {
        return call(resource, operation, call, ErrorCode::retryable);
    }

    /**
     * Runs a call, retrying only failures whose code the predicate accepts (for operations that
     * must not run twice, such as function invocations).
     *
     * @param resource the resource description
     * @param operation the operation name, for logs
     * @param call the driver call
     * @param retryOn which codes to retry
     * @param <T> the result type
     * @return the call's result
     */
    public <T> T call(String resource, String operation, Supplier<T> call,
                      java.util.function.Predicate<ErrorCode> retryOn) {
        if (observer == OperationObserver.NONE) {
            try (LogContext ignored = LogContext.open(provider, resource, operation)) {
                return attempt(resource, operation, call, retryOn);
            }
        }
        long start = System.nanoTime();
        OperationObserver.Scope scope = startScope(resource, operation);
        T result;
        try (LogContext ignored = LogContext.open(provider, resource, operation)) {
            result = attempt(resource, operation, call, retryOn);
        } catch (CloudException e) {
            report(resource, operation, System.nanoTime() - start, e.code(), null);
            endScope(scope, e.code());
            throw e;
        } finally {
            closeScope(scope);
        }
        report(resource, operation, System.nanoTime() - start, null, result);
        linkReceived(scope, operation, result);
        endScope(scope, null);
        return result;
    }

    private <T> T attempt(String resource, String operation, Supplier<T> call,
                          java.util.function.Predicate<ErrorCode> retryOn) {
        long deadline = deadline();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (CloudException e) {
                CloudException labelled = e.withContext(provider, resource);
                if (!retryOn.test(e.code()) || attempt >= maxAttempts) {
                    throw labelled;
                }
                long pause = backoffWithin(attempt, deadline);
                if (pause < 0) {
                    LOG.debug("{} on {} failed with {} (attempt {}/{}); the call's timeout of {} is spent", operation,
                            resource, e.code(), attempt, maxAttempts, callTimeout);
                    throw labelled;
                }
                LOG.debug("{} on {} failed with {} (attempt {}/{}), retrying", operation, resource, e.code(),
                        attempt, maxAttempts);
                reportRetry(resource, operation, e.code());
                sleepMillis(pause);
            } catch (RuntimeException e) {
                throw new CloudException(ErrorCode.UNKNOWN, operation + " on " + resource + " failed: " + e,
                        provider, resource, e);
            }
        }
    }

    /**
     * Runs a call that returns nothing, retrying retryable failures.
     *
     * @param resource the resource description
     * @param operation the operation name, for logs
     * @param call the driver call
     */
    public void run(String resource, String operation, Runnable call) {
        call(resource, operation, () -> {
            call.run();
            return null;
        });
    }

    /**
     * The asynchronous form of {@link #call(String, String, Supplier)}: the same labelling, the same
     * retry decision and the same backoff, but the backoff is a scheduled delay
     * ({@link CompletableFuture#delayedExecutor}) so no thread waits while it runs. A failure is
     * delivered through the returned future as a labelled {@link CloudException}, never thrown.
     *
     * @param resource the resource description
     * @param operation the operation name, for logs
     * @param call starts the driver call and returns its future
     * @param <T> the result type
     * @return the call's result
     */
    public <T> CompletableFuture<T> callAsync(String resource, String operation,
                                              Supplier<? extends CompletionStage<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (observer == OperationObserver.NONE) {
            try (LogContext ignored = LogContext.open(provider, resource, operation)) {
                attemptAsync(resource, operation, call, 1, deadline(), result);
            }
            return result;
        }
        // Observed: report before the caller's future completes, so the caller sees the outcome recorded.
        long start = System.nanoTime();
        OperationObserver.Scope scope = startScope(resource, operation);
        CompletableFuture<T> attempts = new CompletableFuture<>();
        attempts.whenComplete((value, error) -> {
            ErrorCode code = error == null ? null : error instanceof CloudException e ? e.code() : ErrorCode.UNKNOWN;
            report(resource, operation, System.nanoTime() - start, code, value);
            if (code == null) {
                linkReceived(scope, operation, value);
            }
            endScope(scope, code);
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        });
        try (LogContext ignored = LogContext.open(provider, resource, operation)) {
            attemptAsync(resource, operation, call, 1, deadline(), attempts);
        } finally {
            closeScope(scope);
        }
        return result;
    }

    /**
     * Reports that messages moved (see {@link OperationObserver#messages}); does nothing without an observer.
     * {@code send}, {@code publish} and {@code receive} are counted here from their results; the portable layer
     * calls this for the other events.
     *
     * @param resource the resource description, for example {@code "queue orders"}
     * @param event {@code acked}, {@code nacked} or {@code dead_lettered}
     * @param count how many messages; nothing is reported for 0
     */
    public void messages(String resource, String event, int count) {
        if (observer == OperationObserver.NONE || count <= 0) {
            return;
        }
        try {
            observer.messages(provider, kind(resource), name(resource), event, count);
        } catch (RuntimeException e) {
            LOG.warn("Operation observer {} failed; ignored", observer, e);
        }
    }

    private OperationObserver.Scope startScope(String resource, String operation) {
        try {
            OperationObserver.Scope scope = observer.start(provider, kind(resource), name(resource), operation);
            return scope == null ? OperationObserver.Scope.NONE : scope;
        } catch (RuntimeException e) {
            LOG.warn("Operation observer {} failed; ignored", observer, e);
            return OperationObserver.Scope.NONE;
        }
    }

    /**
     * Links a receive operation's scope to the trace context each received message carried (its producer), so
     * the span of a pulled batch points at every producer; the per-message process spans of listeners are the
     * producers' children. Called only when an observer is registered.
     */
    private void linkReceived(OperationObserver.Scope scope, String operation, Object result) {
        if (scope == OperationObserver.Scope.NONE || !operation.equals("receive")
                || !(result instanceof java.util.Collection<?> received)) {
            return;
        }
        try {
            for (Object m : received) {
                if (m instanceof dev.polycloud.message.ReceivedMessage r
                        && r.attributes().containsKey(TraceContext.TRACEPARENT)) {
                    scope.link(r.attributes());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Operation observer {} failed; ignored", observer, e);
        }
    }

    private void endScope(OperationObserver.Scope scope, ErrorCode code) {
        try {
            scope.end(code);
        } catch (RuntimeException e) {
            LOG.warn("Operation observer {} failed; ignored", observer, e);
        }
    }

    private void closeScope(OperationObserver.Scope scope) {
        try {
            scope.close();
        } catch (RuntimeException e) {
            LOG.warn("Operation observer {} failed; ignored", observer, e);
        }
    }

    private static String kind(String resource) {
        int space = resource.indexOf(' ');
        return space < 0 ? resource : resource.substring(0, space);
    }

    private static String name(String resource) {
        int space = resource.indexOf(' ');
        return space < 0 ? "" : resource.substring(space + 1);
    }

    /**
     * Runs a driver's batch call, retrying only what failed: each attempt hands the driver the entries
     * still pending; entries the driver reports as succeeded are kept, and the attempt fails when any
     * entry failed. An entry failure with a non-retryable code is thrown at once (the remaining entries
     * are not retried); retryable entry failures are retried like a failed call, with the same backoff,
     * the same attempt budget ({@link #maxAttempts()} counts attempts of the whole batch, not per entry)
     * and the same single report to the observer per portable call.
     *
     * @param resource the resource description
     * @param operation the operation name, for logs and the observer
     * @param entries the batch, at most the driver's batch size
     * @param call the driver call on a sub-list of the entries, answering one outcome per entry in order
     * @param <E> the entry type
     * @param <R> the per-entry result type
     * @return the result of every entry, in the order of {@code entries}
     * @throws CloudException the first non-retryable entry failure, or the last retryable one when attempts
     *                        run out, labelled with provider and resource
     */
    public <E, R> List<R> callBatch(String resource, String operation, List<E> entries,
                                    Function<List<E>, BatchOutcome<R>> call) {
        PartialBatch<E, R> batch = new PartialBatch<>(entries);
        call(resource, operation, () -> batch.merge(call.apply(batch.pending())));
        return batch.results();
    }

    /**
     * The asynchronous form of {@link #callBatch(String, String, List, Function)}: the same partial retry,
     * with the backoff as a scheduled delay.
     *
     * @param resource the resource description
     * @param operation the operation name, for logs and the observer
     * @param entries the batch
     * @param call starts the driver call on a sub-list of the entries
     * @param <E> the entry type
     * @param <R> the per-entry result type
     * @return the result of every entry, in order; failures as for {@code callBatch}, through the future
     */
    public <E, R> CompletableFuture<List<R>> callBatchAsync(String resource, String operation, List<E> entries,
            Function<List<E>, ? extends CompletionStage<BatchOutcome<R>>> call) {
        PartialBatch<E, R> batch = new PartialBatch<>(entries);
        return callAsync(resource, operation, () -> call.apply(batch.pending()).thenApply(batch::merge))
                .thenApply(done -> batch.results());
    }

    /**
     * The state of one portable batch call across its attempts (attempts run one after another). Until an
     * attempt fails, every entry is pending and no index list exists: the usual batch that succeeds at once
     * costs one result list.
     */
    private static final class PartialBatch<E, R> {

        private final List<E> entries;
        private final List<R> results;
        /** The indices of the entries still to send; null while that is all of them. */
        private List<Integer> pending;

        PartialBatch(List<E> entries) {
            this.entries = entries;
            int n = entries.size();
            this.results = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                results.add(null);
            }
        }

        synchronized List<E> pending() {
            if (pending == null || pending.size() == entries.size()) {
                return entries;
            }
            List<E> sub = new ArrayList<>(pending.size());
            for (int i = 0, n = pending.size(); i < n; i++) {
                sub.add(entries.get(pending.get(i)));
            }
            return sub;
        }

        /**
         * Keeps the successes; throws the first non-retryable failure, else the first retryable one. Answers
         * the results of the whole batch, so the observer counts its messages once it has all gone.
         */
        synchronized List<R> merge(BatchOutcome<R> outcome) {
            int pendingSize = pending == null ? entries.size() : pending.size();
            if (outcome == null || outcome.size() != pendingSize) {
                throw new CloudException(ErrorCode.INTERNAL, "The driver answered a batch of " + pendingSize
                        + " entries with " + (outcome == null ? "no outcome" : outcome.size() + " outcomes"));
            }
            List<Integer> failed = null;
            CloudException firstRetryable = null;
            CloudException firstFinal = null;
            for (int j = 0; j < pendingSize; j++) {
                int index = pending == null ? j : pending.get(j);
                if (outcome.succeeded(j)) {
                    results.set(index, outcome.value(j));
                    continue;
                }
                if (failed == null) {
                    failed = new ArrayList<>();
                }
                failed.add(index);
                CloudException e = outcome.failure(j).orElseThrow();
                if (e.code().retryable()) {
                    firstRetryable = firstRetryable == null ? e : firstRetryable;
                } else {
                    firstFinal = firstFinal == null ? e : firstFinal;
                }
            }
            pending = failed == null ? List.of() : failed;
            if (firstFinal != null) {
                throw firstFinal;
            }
            if (firstRetryable != null) {
                throw firstRetryable;
            }
            return results;
        }

        synchronized List<R> results() {
            return results;
        }
    }

    /**
     * Reports an outcome to the observer, splitting the resource description ({@code "queue orders"}) into
     * kind and name. Called only when an observer is registered.
     */
    private void report(String resource, String operation, long nanos, ErrorCode code, Object result) {
        String kind = kind(resource);
        String name = name(resource);
        try {
            if (code == null) {
                observer.succeeded(provider, kind, name, operation, nanos);
                if (result instanceof java.util.Collection<?> moved && !moved.isEmpty()) {
                    switch (operation) {
                        case "send", "publish" -> observer.messages(provider, kind, name, "sent", moved.size());
                        case "receive" -> observer.messages(provider, kind, name, "received", moved.size());
                        default -> { }
                    }
                }
            } else {
                observer.failed(provider, kind, name, operation, nanos, code);
            }
        } catch (RuntimeException e) {
            LOG.warn("Operation observer {} failed; ignored", observer, e);
        }
    }

    private void reportRetry(String resource, String operation, ErrorCode code) {
        if (observer == OperationObserver.NONE) {
            return;
        }
        try {
            observer.retried(provider, kind(resource), name(resource), operation, code);
        } catch (RuntimeException e) {
            LOG.warn("Operation observer {} failed; ignored", observer, e);
        }
    }

    private <T> void attemptAsync(String resource, String operation, Supplier<? extends CompletionStage<T>> call,
                                  int attempt, long deadline, CompletableFuture<T> result) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = error;
            while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof CloudException e) {
                CloudException labelled = e.withContext(provider, resource);
                long pause = !e.code().retryable() || attempt >= maxAttempts ? -1 : backoffWithin(attempt, deadline);
                if (pause < 0) {
                    result.completeExceptionally(labelled);
                    return;
                }
                LOG.debug("{} on {} failed with {} (attempt {}/{}), retrying", operation, resource, e.code(),
                        attempt, maxAttempts);
                reportRetry(resource, operation, e.code());
                CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS)
                        .execute(() -> attemptAsync(resource, operation, call, attempt + 1, deadline, result));
            } else {
                result.completeExceptionally(new CloudException(ErrorCode.UNKNOWN,
                        operation + " on " + resource + " failed: " + cause, provider, resource, cause));
            }
        });
    }

    /**
     * Sleeps before another attempt: exponential backoff with full jitter, a random time from 0 to
     * {@code initialBackoff * 2^(attempt-1)}, capped at two seconds. The one backoff formula of the
     * portable layer (call retries, and the lost races of {@code Table.update}).
     *
     * @param attempt the attempt that just failed, from 1
     * @throws CloudException {@link ErrorCode#DEADLINE_EXCEEDED} when interrupted (the flag is restored)
     */
    public void backoff(int attempt) {
        sleepMillis(backoffMillis(attempt));
    }

    private long backoffMillis(int attempt) {
        long cap = Math.min(MAX_BACKOFF.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }

    private void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Interrupted while backing off", provider, null, e);
        }
    }
}

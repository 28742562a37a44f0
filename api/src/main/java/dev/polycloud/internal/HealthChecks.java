package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Health;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The health probes of {@code Cloud.health()} and of the handles' {@code check()}: an existence call turned into
 * a {@link Health.Check}, never an exception. Not API: may change without notice.
 */
public final class HealthChecks {

    /** The default time a resource check may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private HealthChecks() {
    }

    /**
     * Runs one probe on the calling thread: UP when it answers (whatever the answer), DOWN with the error code
     * and message when it fails.
     *
     * @param probe the existence call
     * @return the check
     */
    public static Health.Check probe(BooleanSupplier probe) {
        long start = System.nanoTime();
        try {
            probe.getAsBoolean();
            return new Health.Check(Health.Status.UP, since(start), "");
        } catch (CloudException e) {
            return new Health.Check(Health.Status.DOWN, since(start), e.code() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return new Health.Check(Health.Status.DOWN, since(start), ErrorCode.UNKNOWN + ": " + e);
        }
    }

    /**
     * Checks one resource within a timeout: UP when it exists, DOWN when it does not ({@code NOT_FOUND}), when the
     * call fails (its code and message) or when no answer came within the timeout. The call runs on a
     * short-lived daemon thread, so the caller waits at most about the timeout.
     *
     * @param what the resource, for the detail (e.g. {@code queue orders})
     * @param exists the resource's existence call
     * @param timeout positive
     * @return the check
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a timeout that is not positive
     * @throws NullPointerException for a null argument
     */
    public static Health.Check check(String what, BooleanSupplier exists, Duration timeout) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(exists, "exists");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw CloudException.invalidArgument("The check timeout must be positive, got " + timeout);
        }
        long start = System.nanoTime();
        CompletableFuture<Health.Check> running = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            Health.Check answer = probe(() -> {
                if (!exists.getAsBoolean()) {
                    throw new CloudException(ErrorCode.NOT_FOUND, what + " does not exist");
                }
                return true;
            });
            running.complete(answer);
        }, "polycloud-check");
        thread.setDaemon(true);
        thread.start();
        try {
            return running.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            return new Health.Check(Health.Status.DOWN, since(start), "no answer within " + timeout);
        } catch (ExecutionException e) {
            return new Health.Check(Health.Status.DOWN, since(start), ErrorCode.UNKNOWN + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health.Check(Health.Status.DOWN, since(start), "interrupted");
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

package dev.polycloud.internal;

import dev.polycloud.function.FunctionContext;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FunctionContext} of one invocation whose deadline is a {@link System#nanoTime()} value,
 * shared by the adapters and runtimes that need no cloud-specific context. The logger is
 * {@code polycloud.function.<functionName>}. Immutable and thread-safe.
 *
 * @param functionName the portable function name
 * @param requestId the invocation id
 * @param deadlineNanos the {@link System#nanoTime()} at which the invocation times out
 * @param environment the function's environment
 */
public record InvocationContext(String functionName, String requestId, long deadlineNanos,
                                Map<String, String> environment) implements FunctionContext {

    /**
     * Checks the values.
     *
     * @param functionName the portable function name
     * @param requestId the invocation id
     * @param deadlineNanos the {@link System#nanoTime()} at which the invocation times out
     * @param environment the function's environment
     * @throws NullPointerException when the name, id or environment is null
     */
    public InvocationContext {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Duration remainingTime() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("polycloud.function." + functionName);
    }
}

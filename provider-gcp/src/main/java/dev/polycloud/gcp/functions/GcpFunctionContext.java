package dev.polycloud.gcp.functions;

import dev.polycloud.function.FunctionContext;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of one invocation on Cloud Functions.
 *
 * @param functionName the portable function name
 * @param requestId the invocation id
 * @param deadlineNanos the {@link System#nanoTime()} at which the invocation times out
 * @param environment the spec's environment
 */
record GcpFunctionContext(String functionName, String requestId, long deadlineNanos,
                          Map<String, String> environment) implements FunctionContext {

    @Override
    public Duration remainingTime() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("polycloud.function." + functionName);
    }
}

package dev.polycloud.local.functions;

import dev.polycloud.function.FunctionContext;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The context of one in-process invocation. */
record LocalFunctionContext(String functionName, String requestId, long deadlineNanos,
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

package dev.polycloud.examples;

import dev.polycloud.function.FunctionContext;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context handed to handlers that the example apps call directly ({@code --in-process-functions}), in place
 * of the one a function runtime would give.
 */
public final class InProcessContext {

    private InProcessContext() {
    }

    /**
     * A context for one direct call: a fresh request id, 30 seconds left, no environment.
     *
     * @param app the app, the first part of the logger name
     * @param function the function name
     * @return the context
     */
    public static FunctionContext named(String app, String function) {
        String requestId = UUID.randomUUID().toString();
        return new FunctionContext() {
            @Override
            public String functionName() {
                return function;
            }

            @Override
            public String requestId() {
                return requestId;
            }

            @Override
            public Duration remainingTime() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Logger logger() {
                return LoggerFactory.getLogger(app + "." + function);
            }

            @Override
            public Map<String, String> environment() {
                return Map.of();
            }
        };
    }
}

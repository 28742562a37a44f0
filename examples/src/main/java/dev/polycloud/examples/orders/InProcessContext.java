package dev.polycloud.examples.orders;

import dev.polycloud.function.FunctionContext;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The context handed to handlers that the app calls directly ({@code --in-process-functions}). */
final class InProcessContext {

    FunctionContext named(String function) {
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
                return LoggerFactory.getLogger("orders-app." + function);
            }

            @Override
            public Map<String, String> environment() {
                return Map.of();
            }
        };
    }
}

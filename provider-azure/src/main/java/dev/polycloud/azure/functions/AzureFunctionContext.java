package dev.polycloud.azure.functions;

import com.microsoft.azure.functions.ExecutionContext;
import dev.polycloud.function.FunctionContext;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portable context of one Azure Functions invocation: the function's name as the host knows it
 * ({@code @FunctionName}), the host's invocation id as request id, the time left before
 * {@code timeout} from when the adapter was called, a logger writing to the invocation's log, and
 * the process environment (the function app's application settings).
 */
final class AzureFunctionContext implements FunctionContext {

    private final ExecutionContext context;
    private final long deadlineNanos;
    private volatile Logger logger;

    AzureFunctionContext(ExecutionContext context, Duration timeout) {
        this.context = context;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public String functionName() {
        String name = context.getFunctionName();
        return name == null ? "" : name;
    }

    @Override
    public String requestId() {
        String id = context.getInvocationId();
        return id == null ? "" : id;
    }

    @Override
    public Duration remainingTime() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    @Override
    public Logger logger() {
        Logger l = logger;
        if (l == null) {
            String name = "polycloud.function." + functionName();
            java.util.logging.Logger jul = context.getLogger();
            l = jul == null ? LoggerFactory.getLogger(name) : new ExecutionContextLogger(name, jul);
            logger = l;
        }
        return l;
    }

    @Override
    public Map<String, String> environment() {
        return System.getenv();
    }

    @Override
    public String toString() {
        return "AzureFunctionContext[" + functionName() + ", " + requestId() + "]";
    }
}

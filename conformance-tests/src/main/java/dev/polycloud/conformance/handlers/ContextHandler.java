package dev.polycloud.conformance.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import java.util.Map;

/** Answers what its {@link FunctionContext} says, so the suite can check the context through a response. */
public final class ContextHandler implements FunctionHandler<String, ContextHandler.Info> {

    /**
     * The context as the handler saw it.
     *
     * @param functionName the function's name
     * @param requestId the invocation's id
     * @param remainingMillis the remaining time, in milliseconds
     * @param environment the environment
     * @param loggerPresent whether a logger was handed over
     * @param input the input text
     */
    public record Info(String functionName, String requestId, long remainingMillis, Map<String, String> environment,
                       boolean loggerPresent, String input) {
    }

    @Override
    public Info handle(String input, FunctionContext context) {
        if (context.logger() != null) {
            context.logger().debug("context handler invoked with {} bytes", input == null ? 0 : input.length());
        }
        return new Info(context.functionName(), context.requestId(), context.remainingTime().toMillis(),
                context.environment(), context.logger() != null, input);
    }
}

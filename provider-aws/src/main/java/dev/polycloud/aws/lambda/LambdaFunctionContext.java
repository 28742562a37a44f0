package dev.polycloud.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.polycloud.function.FunctionContext;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portable context of one Lambda invocation: the function name (the portable name, which is
 * the Lambda function name), Lambda's request id, the time Lambda says is left, a logger named
 * {@code polycloud.function.<name>} like the local runtime's, and the environment the function was
 * deployed with (only the variables of its spec, never the runtime's own such as credentials).
 */
final class LambdaFunctionContext implements FunctionContext {

    private final Context lambda;
    private final Map<String, String> environment;

    LambdaFunctionContext(Context lambda, Map<String, String> environment) {
        this.lambda = lambda;
        this.environment = environment;
    }

    @Override
    public String functionName() {
        return lambda.getFunctionName();
    }

    @Override
    public String requestId() {
        return lambda.getAwsRequestId();
    }

    @Override
    public Duration remainingTime() {
        return Duration.ofMillis(Math.max(0, lambda.getRemainingTimeInMillis()));
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("polycloud.function." + functionName());
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }
}

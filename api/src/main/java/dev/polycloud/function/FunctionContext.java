package dev.polycloud.function;

import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;

/** What a handler knows about its invocation. */
public interface FunctionContext {

    /**
     * The deployed function's portable name.
     *
     * @return the name
     */
    String functionName();

    /**
     * The id of this invocation (unique per invocation, kept across async retries).
     *
     * @return the request id
     */
    String requestId();

    /**
     * How long until the invocation times out.
     *
     * @return the remaining time, never negative
     */
    Duration remainingTime();

    /**
     * A logger named after the function.
     *
     * @return the logger
     */
    Logger logger();

    /**
     * The environment the function was deployed with.
     *
     * @return an unmodifiable map
     */
    Map<String, String> environment();
}

package dev.polycloud.conformance.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;

/**
 * Answers {@code "echo:" + input}: proves that text is decoded and encoded as UTF-8 and that the
 * handler really ran. Thread-safe and stateless; also used for the concurrency tests.
 */
public final class EchoTextHandler implements FunctionHandler<String, String> {

    /** The prefix of every answer. */
    public static final String PREFIX = "echo:";

    @Override
    public String handle(String input, FunctionContext context) {
        return PREFIX + input;
    }
}

package dev.polycloud.conformance.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;

/**
 * Always fails with a {@link DeliberateFailureException} whose message is {@link #MESSAGE_PREFIX}
 * followed by the input, after recording the attempt in the {@link Recorder} (so the suite can
 * count retries when handlers run in-process).
 */
public final class FailingHandler implements FunctionHandler<String, String> {

    /** The start of every failure message. */
    public static final String MESSAGE_PREFIX = "deliberate failure for ";

    @Override
    public String handle(String input, FunctionContext context) {
        Recorder.record(context.functionName(), new Recorder.Invocation(context.requestId(), input, System.nanoTime()));
        throw new DeliberateFailureException(MESSAGE_PREFIX + input);
    }
}

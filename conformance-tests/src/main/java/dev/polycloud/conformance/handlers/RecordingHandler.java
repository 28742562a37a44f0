package dev.polycloud.conformance.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;

/** Records every invocation in the {@link Recorder} and answers {@code "recorded:" + input}. */
public final class RecordingHandler implements FunctionHandler<String, String> {

    @Override
    public String handle(String input, FunctionContext context) {
        Recorder.record(context.functionName(), new Recorder.Invocation(context.requestId(), input, System.nanoTime()));
        return "recorded:" + input;
    }
}

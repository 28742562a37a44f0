package dev.polycloud.conformance.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;

/**
 * Sleeps for the number of milliseconds given as input, then answers {@code "slept <ms>"}.
 * Records each start in the {@link Recorder}. Used for timeouts (sleeping past the function's
 * timeout) and throttling (holding a concurrency slot). Stops early when interrupted, as a
 * runtime that cancels a timed-out invocation would ask.
 */
public final class SleepHandler implements FunctionHandler<String, String> {

    @Override
    public String handle(String input, FunctionContext context) throws InterruptedException {
        Recorder.record(context.functionName(), new Recorder.Invocation(context.requestId(), input, System.nanoTime()));
        long millis = Long.parseLong(input.trim());
        Thread.sleep(millis);
        return "slept " + millis;
    }
}

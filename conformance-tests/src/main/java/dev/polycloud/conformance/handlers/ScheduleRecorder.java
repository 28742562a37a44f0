package dev.polycloud.conformance.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.ScheduledEvent;

/** Records every {@link ScheduledEvent} it receives under its function name, and returns nothing. */
public final class ScheduleRecorder implements FunctionHandler<ScheduledEvent, String> {

    @Override
    public String handle(ScheduledEvent input, FunctionContext context) {
        Recorder.record(context.functionName(), input);
        return null;
    }
}

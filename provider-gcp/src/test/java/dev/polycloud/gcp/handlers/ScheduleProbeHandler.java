package dev.polycloud.gcp.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.ScheduledEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test handler of scheduled runs that keeps every event it receives (this JVM only). */
public final class ScheduleProbeHandler implements FunctionHandler<ScheduledEvent, Void> {

    /** The events received, oldest first. */
    public static final List<ScheduledEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public Void handle(ScheduledEvent input, FunctionContext context) {
        EVENTS.add(input);
        return null;
    }
}

package dev.polycloud.function;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a function bound to a {@link Schedule} receives on each run (declare
 * {@code FunctionHandler<ScheduledEvent, ?>}).
 *
 * @param schedule the schedule's name
 * @param scheduledTime when the run was due
 * @param actualTime when the run was started (at or after {@code scheduledTime})
 * @param payload the schedule's fixed payload, if it has one
 */
public record ScheduledEvent(String schedule, Instant scheduledTime, Instant actualTime, Optional<String> payload) {

    /**
     * Checks the components.
     *
     * @param schedule see the record description
     * @param scheduledTime see the record description
     * @param actualTime see the record description
     * @param payload see the record description
     */
    public ScheduledEvent {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(scheduledTime, "scheduledTime");
        Objects.requireNonNull(actualTime, "actualTime");
        payload = payload == null ? Optional.empty() : payload;
    }
}

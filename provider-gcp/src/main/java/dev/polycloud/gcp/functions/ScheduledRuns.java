package dev.polycloud.gcp.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.function.PayloadCodec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Completes the body of a run that Cloud Scheduler sends to a function. The job Polycloud creates posts
 * {@code {"schedule": name, "payload": …}}; Cloud Scheduler cannot write the run's time into a body, but
 * it sends it in the {@code X-CloudScheduler-ScheduleTime} header (RFC 3339). The adapter adds it as
 * {@code scheduledTime}, and the moment the request arrived as {@code actualTime}, so the handler receives
 * a complete {@link dev.polycloud.function.ScheduledEvent}. Any other body is passed on unchanged.
 *
 * <p>Not API: used by {@link PolycloudHttpFunction}. Stateless and thread-safe.
 */
public final class ScheduledRuns {

    /** The header Cloud Scheduler puts the scheduled time of a run in. */
    public static final String SCHEDULE_TIME_HEADER = "X-CloudScheduler-ScheduleTime";

    private ScheduledRuns() {
    }

    /**
     * The body with the run's times added, when it is a Polycloud schedule body sent by Cloud Scheduler.
     *
     * @param body the request body
     * @param scheduleTime the {@value #SCHEDULE_TIME_HEADER} header, if present
     * @param now when the request arrived
     * @return the completed body, or {@code body} itself
     */
    public static byte[] complete(byte[] body, Optional<String> scheduleTime, Instant now) {
        if (scheduleTime.isEmpty() || body.length == 0 || body[0] != '{') {
            return body;
        }
        JsonNode node;
        try {
            node = PayloadCodec.decode(body, JsonNode.class);
        } catch (RuntimeException e) {
            return body;
        }
        if (!(node instanceof ObjectNode object) || !object.path("schedule").isTextual()
                || object.has("scheduledTime")) {
            return body;
        }
        Instant scheduled;
        try {
            scheduled = OffsetDateTime.parse(scheduleTime.get().trim()).toInstant();
        } catch (DateTimeParseException e) {
            scheduled = now; // a header we cannot read: the run is at least now
        }
        object.put("scheduledTime", scheduled.toString());
        object.put("actualTime", now.toString());
        return PayloadCodec.encode(object);
    }
}

package dev.polycloud.function;

import dev.polycloud.CloudException;
import dev.polycloud.internal.Names;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * When a scheduled trigger fires: a {@linkplain CronExpression cron expression} in a time zone, or a
 * fixed rate; with an optional name, a fixed payload handed to every run, and whether runs may overlap.
 * Bind it with {@code functions.bind(fn, TriggerSource.schedule(schedule), 1)} or
 * {@link Functions#schedule(String, Schedule)}; the handler receives a {@link ScheduledEvent}.
 *
 * <p>Everything is checked here, before any provider is involved: a bad expression, a rate that is not
 * a positive whole number of seconds, a bad name or an oversized payload is
 * {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT}. The provider's smallest interval and whether it can
 * prevent overlaps are checked by {@link Functions#bind} from {@link ScheduleCapabilities}.
 *
 * <p>Delivery is at least once with the cloud's semantics: a run can repeat; a tick missed while the
 * scheduler was not running (on the local provider: while the process was down) is not replayed.
 * Immutable and thread-safe.
 *
 * @param name the schedule's name (3–63 characters as every portable name); empty to name it after the
 *             function it is bound to
 * @param cron the cron expression, present unless this is a rate schedule
 * @param rate the interval between runs, present unless this is a cron schedule
 * @param zone the zone of the cron expression's wall-clock (UTC by default; a rate ignores it)
 * @param payload the fixed payload every run receives, at most {@value #MAX_PAYLOAD_BYTES} UTF-8 bytes
 * @param overlap whether a run may start while the previous one still runs
 */
public record Schedule(Optional<String> name, Optional<CronExpression> cron, Optional<Duration> rate, ZoneId zone,
                       Optional<String> payload, Overlap overlap) {

    /** The largest fixed payload, in UTF-8 bytes (a size every cloud's scheduler accepts). */
    public static final int MAX_PAYLOAD_BYTES = 8192;

    /** Whether runs of one schedule may overlap. */
    public enum Overlap {
        /** A run starts at every tick, even while earlier runs still run (every cloud's behaviour). */
        ALLOW,
        /** A tick that comes while the previous run still runs is skipped (needs {@code overlapPrevention}). */
        SKIP
    }

    /**
     * Checks the components.
     *
     * @param name see the record description
     * @param cron see the record description
     * @param rate see the record description
     * @param zone see the record description
     * @param payload see the record description
     * @param overlap see the record description
     */
    public Schedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(overlap, "overlap");
        name.ifPresent(n -> Names.validate("schedule", n));
        if (cron.isPresent() == rate.isPresent()) {
            throw CloudException.invalidArgument("A schedule has either a cron expression or a rate, not "
                    + (cron.isPresent() ? "both" : "neither"));
        }
        rate.ifPresent(r -> {
            if (r.isNegative() || r.isZero() || r.getNano() != 0) {
                throw CloudException.invalidArgument("rate must be a positive whole number of seconds (found " + r
                        + ")");
            }
        });
        payload.ifPresent(p -> {
            int bytes = p.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_PAYLOAD_BYTES) {
                throw CloudException.invalidArgument("Schedule payload of " + bytes + " bytes is over the limit of "
                        + MAX_PAYLOAD_BYTES);
            }
        });
    }

    /**
     * A cron schedule in UTC.
     *
     * @param expression six fields in the dialect {@link CronExpression} documents, e.g. {@code 0 0 2 * * ?}
     * @return the schedule
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a bad expression
     */
    public static Schedule cron(String expression) {
        return new Schedule(Optional.empty(), Optional.of(CronExpression.parse(expression)), Optional.empty(),
                ZoneOffset.UTC, Optional.empty(), Overlap.ALLOW);
    }

    /**
     * A fixed-rate schedule: the first run one interval after it is bound, then every interval.
     *
     * @param interval a positive whole number of seconds (the provider's {@code minInterval} applies)
     * @return the schedule
     */
    public static Schedule rate(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        return new Schedule(Optional.empty(), Optional.empty(), Optional.of(interval), ZoneOffset.UTC,
                Optional.empty(), Overlap.ALLOW);
    }

    /**
     * This schedule with a name.
     *
     * @param scheduleName the name
     * @return a copy
     */
    public Schedule named(String scheduleName) {
        return new Schedule(Optional.of(scheduleName), cron, rate, zone, payload, overlap);
    }

    /**
     * This schedule with the cron expression read in a time zone.
     *
     * @param timeZone the zone
     * @return a copy
     */
    public Schedule inZone(ZoneId timeZone) {
        return new Schedule(name, cron, rate, timeZone, payload, overlap);
    }

    /**
     * This schedule with a fixed payload for every run.
     *
     * @param text the payload (text or JSON)
     * @return a copy
     */
    public Schedule withPayload(String text) {
        return new Schedule(name, cron, rate, zone, Optional.of(Objects.requireNonNull(text, "text")), overlap);
    }

    /**
     * This schedule with an overlap rule.
     *
     * @param rule the rule
     * @return a copy
     */
    public Schedule withOverlap(Overlap rule) {
        return new Schedule(name, cron, rate, zone, payload, rule);
    }

    /**
     * The expression or rate as text, e.g. {@code cron(0 0 2 * * ?)} or {@code rate(PT5M)}.
     *
     * @return the description
     */
    public String describe() {
        return cron.map(c -> "cron(" + c.text() + ")").orElseGet(() -> "rate(" + rate.orElseThrow() + ")");
    }
}

package dev.polycloud.function;

import java.time.Duration;

/**
 * What a provider's scheduled triggers support.
 *
 * @param supported whether {@link Functions#bind} accepts {@link TriggerSource#schedule(Schedule)}
 * @param minInterval the smallest interval between runs (one minute on the clouds): a rate below it, or
 *                    a cron expression firing on more than one second of a minute when it is a minute
 *                    or more, is {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT}
 * @param overlapPrevention whether {@link Schedule.Overlap#SKIP} is honoured
 * @param timerAdapter whether the provider's function adapter runs a portable handler from the
 *                     platform's own timer declaration (Azure's {@code @TimerTrigger}) even where
 *                     schedules cannot be bound through the API
 */
public record ScheduleCapabilities(boolean supported, Duration minInterval, boolean overlapPrevention,
                                   boolean timerAdapter) {

    /** The clouds' smallest interval. */
    public static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    /**
     * A provider without scheduled triggers.
     *
     * @return capabilities that declare nothing
     */
    public static ScheduleCapabilities none() {
        return new ScheduleCapabilities(false, ONE_MINUTE, false, false);
    }
}

package dev.polycloud.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Schedules and the cron dialect")
class ScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static List<Instant> firings(String expression, ZoneId zone, String from, int count) {
        CronExpression cron = CronExpression.parse(expression);
        List<Instant> out = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            t = cron.next(t, zone).orElseThrow();
            out.add(t);
        }
        return out;
    }

    private static List<Instant> instants(String... texts) {
        return java.util.Arrays.stream(texts).map(Instant::parse).toList();
    }

    @Nested
    @DisplayName("firing times")
    class Firing {

        @Test
        @DisplayName("every five minutes fires on the minute boundaries strictly after the start")
        void everyFiveMinutes() {
            assertThat(firings("0 */5 * * * ?", ZoneOffset.UTC, "2026-01-01T00:04:59Z", 3)).isEqualTo(
                    instants("2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z", "2026-01-01T00:15:00Z"));
            assertThat(firings("0 */5 * * * ?", ZoneOffset.UTC, "2026-01-01T00:05:00Z", 1))
                    .isEqualTo(instants("2026-01-01T00:10:00Z"));
        }

        @Test
        @DisplayName("a day-of-week schedule counts 1 as Sunday and accepts names")
        void daysOfWeek() {
            // 2026-01-04 is a Sunday
            assertThat(firings("0 0 9 ? * 1", ZoneOffset.UTC, "2026-01-01T00:00:00Z", 1))
                    .isEqualTo(instants("2026-01-04T09:00:00Z"));
            assertThat(firings("0 0 9 ? * MON-FRI", ZoneOffset.UTC, "2026-01-02T10:00:00Z", 2))
                    .isEqualTo(instants("2026-01-05T09:00:00Z", "2026-01-06T09:00:00Z"));
        }

        @Test
        @DisplayName("a wall-clock time skipped by spring-forward does not fire that day")
        void springForward() {
            // Berlin moves from 02:00 CET to 03:00 CEST on 2026-03-29
            assertThat(firings("0 30 2 * * ?", BERLIN, "2026-03-28T00:00:00Z", 3)).isEqualTo(
                    instants("2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"));
        }

        @Test
        @DisplayName("a wall-clock time repeated by fall-back fires once, at its first occurrence")
        void fallBack() {
            // Berlin moves from 03:00 CEST back to 02:00 CET on 2026-10-25
            assertThat(firings("0 30 2 * * ?", BERLIN, "2026-10-24T12:00:00Z", 2)).isEqualTo(
                    instants("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"));
            assertThat(firings("0 0 * * * ?", BERLIN, "2026-10-24T23:30:00Z", 3)).isEqualTo(
                    instants("2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"));
        }

        @Test
        @DisplayName("an expression that never fires has no next time")
        void never() {
            assertThat(CronExpression.parse("0 0 0 30 FEB ?").next(Instant.EPOCH, ZoneOffset.UTC)).isEmpty();
        }
    }

    @Nested
    @DisplayName("refused expressions")
    class Refused {

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"", "* * * * *", "0 0 0 1 1 ? 2027", "60 * * * * ?", "0 * 24 * * ?",
                "0 0 0 1 1 1", "0 0 0 L * ?", "0 0 0 ? * 2#1", "0 0 0 ? * 0", "0 0 0 ? * 8", "? * * * * *",
                "0 5-1 * * * ?", "0 */0 * * * ?", "0 a * * * ?", "0 0 0 0 * ?", "0 0 0 * 13 ?"})
        @DisplayName("are INVALID_ARGUMENT")
        void invalid(String expression) {
            assertThatThrownBy(() -> Schedule.cron(expression)).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }

        @Test
        @DisplayName("a null expression is a NullPointerException")
        void nullExpression() {
            assertThatThrownBy(() -> Schedule.cron(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        @DisplayName("a rate that is not a positive whole number of seconds is INVALID_ARGUMENT")
        void badRate() {
            for (Duration d : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMillis(1500))) {
                assertThatThrownBy(() -> Schedule.rate(d)).isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            }
        }

        @Test
        @DisplayName("an oversized payload and a bad name are INVALID_ARGUMENT")
        void badPayloadAndName() {
            Schedule s = Schedule.rate(Duration.ofMinutes(1));
            assertThatThrownBy(() -> s.withPayload("x".repeat(Schedule.MAX_PAYLOAD_BYTES + 1)))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            assertThatThrownBy(() -> s.named("Bad_Name")).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    @DisplayName("a schedule source is named after its schedule and has a path")
    void source() {
        TriggerSource s = TriggerSource.schedule(Schedule.cron("0 0 2 * * ?").named("nightly"));
        assertThat(s.kind()).isEqualTo(TriggerSource.Kind.SCHEDULE);
        assertThat(s.path()).isEqualTo("schedule/nightly");
        assertThat(TriggerSource.schedule(Schedule.cron("0 0 2 * * ?")).name()).isEmpty();
    }
}

package dev.polycloud.aws.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.function.Schedule;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EventBridge Scheduler expressions")
class SchedulerTriggersTest {

    @Test
    @DisplayName("a portable cron drops the second, puts ? in the unrestricted day field and adds the year")
    void cron() {
        assertThat(SchedulerTriggers.expression(Schedule.cron("0 */5 * * * ?"))).isEqualTo("cron(0/5 * * * ? *)");
        assertThat(SchedulerTriggers.expression(Schedule.cron("0 30 2 * * *"))).isEqualTo("cron(30 2 * * ? *)");
        assertThat(SchedulerTriggers.expression(Schedule.cron("0 0 9 * * MON-FRI")))
                .isEqualTo("cron(0 9 ? * MON-FRI *)");
        assertThat(SchedulerTriggers.expression(Schedule.cron("0 0 9 1 * *"))).isEqualTo("cron(0 9 1 * ? *)");
    }

    @Test
    @DisplayName("a rate is whole minutes")
    void rate() {
        assertThat(SchedulerTriggers.expression(Schedule.rate(Duration.ofMinutes(1)))).isEqualTo("rate(1 minute)");
        assertThat(SchedulerTriggers.expression(Schedule.rate(Duration.ofHours(2)))).isEqualTo("rate(120 minutes)");
    }

    @Test
    @DisplayName("an expression read back becomes the same portable schedule")
    void roundTrip() {
        assertThat(SchedulerTriggers.portable("cron(30 2 * * ? *)", "Europe/Berlin")).hasValueSatisfying(s -> {
            assertThat(s.cron().orElseThrow().text()).isEqualTo("0 30 2 * * ?");
            assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        });
        assertThat(SchedulerTriggers.portable("rate(5 minutes)", null)).hasValueSatisfying(
                s -> assertThat(s.rate()).contains(Duration.ofMinutes(5)));
        assertThat(SchedulerTriggers.portable("cron(0 9 ? * 2#1 *)", "UTC")).isEmpty();
        assertThat(SchedulerTriggers.portable("at(2030-01-01T00:00:00)", "UTC")).isEmpty();
    }
}

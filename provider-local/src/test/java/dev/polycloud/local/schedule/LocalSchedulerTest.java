package dev.polycloud.local.schedule;

import dev.polycloud.local.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Schedule;
import dev.polycloud.function.ScheduledEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("The local scheduler")
class LocalSchedulerTest {

    /** Records its runs and blocks until released. */
    public static final class Blocking implements FunctionHandler<ScheduledEvent, String> {
        static final List<ScheduledEvent> RUNS = new CopyOnWriteArrayList<>();
        static volatile CountDownLatch release = new CountDownLatch(0);

        @Override
        public String handle(ScheduledEvent event, FunctionContext context) throws InterruptedException {
            RUNS.add(event);
            release.await(10, TimeUnit.SECONDS);
            return null;
        }
    }

    private final MutableClock clock = new MutableClock();
    private Cloud cloud;
    private LocalScheduler scheduler;

    @BeforeEach
    void open() {
        Blocking.RUNS.clear();
        cloud = Polycloud.builder().config(PolycloudConfig.builder().provider("local").build())
                .use(Clock.class, clock).open();
        cloud.functions().deploy(FunctionSpec.builder("blocking", Blocking.class).build());
        scheduler = cloud.unwrap(LocalScheduler.class);
    }

    @AfterEach
    void close() {
        Blocking.release.countDown();
        cloud.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Schedule.Overlap.class)
    @DisplayName("a tick while the previous run still runs starts a run with ALLOW and is skipped with SKIP")
    void overlap(Schedule.Overlap overlap) {
        Blocking.release = new CountDownLatch(1);
        cloud.functions().schedule("blocking", Schedule.rate(Duration.ofMinutes(1)).withOverlap(overlap));
        clock.advance(Duration.ofMinutes(1));
        scheduler.startDue();
        clock.advance(Duration.ofMinutes(1));
        scheduler.startDue();
        Blocking.release.countDown();
        scheduler.runDue();
        assertThat(Blocking.RUNS).hasSize(overlap == Schedule.Overlap.ALLOW ? 2 : 1);
        clock.advance(Duration.ofMinutes(1));
        scheduler.runDue();
        assertThat(Blocking.RUNS).hasSize(overlap == Schedule.Overlap.ALLOW ? 3 : 2);
    }

    @Test
    @DisplayName("deleting the function removes its schedules")
    void deleteFunction() {
        cloud.functions().schedule("blocking", Schedule.rate(Duration.ofMinutes(1)));
        cloud.functions().delete("blocking");
        clock.advance(Duration.ofMinutes(5));
        assertThat(scheduler.runDue()).isZero();
        assertThat(Blocking.RUNS).isEmpty();
    }

    @Test
    @DisplayName("a rate under the one-second minimum is refused before the scheduler sees it")
    void ratesAreWholeSeconds() {
        Assertions.assertThatThrownBy(() -> Schedule.rate(Duration.ofMillis(500)))
                .isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}

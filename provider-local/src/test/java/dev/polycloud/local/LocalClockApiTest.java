package dev.polycloud.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.message.ReceiveOptions;
import dev.polycloud.queue.Queue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("LocalClock")
class LocalClockApiTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Nested
    @DisplayName("on its own")
    class OnItsOwn {

        @Test
        @DisplayName("a clock started at an instant stands still until advanced, then shows the sum of advances")
        void startingAt() {
            LocalClock clock = LocalClock.startingAt(START);
            assertThat(clock.instant()).isEqualTo(START);
            clock.advance(Duration.ofMinutes(2)).advance(Duration.ofSeconds(3));
            assertThat(clock.instant()).isEqualTo(START.plusSeconds(123));
            assertThat(clock.advanced()).isEqualTo(Duration.ofSeconds(123));
        }

        @Test
        @DisplayName("the system clock variant follows real time and runs ahead by what was advanced")
        void system() {
            LocalClock clock = LocalClock.system();
            Instant before = Instant.now();
            clock.advance(Duration.ofDays(1));
            assertThat(clock.instant()).isAfterOrEqualTo(before.plus(Duration.ofDays(1)));
        }

        @Test
        @DisplayName("going back in time is refused with INVALID_ARGUMENT and a null amount with NullPointerException")
        void negative() {
            LocalClock clock = LocalClock.startingAt(START);
            assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(CloudException.class)
                    .extracting(e -> ((CloudException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThatThrownBy(() -> clock.advance(null)).isInstanceOf(NullPointerException.class);
            assertThat(clock.instant()).isEqualTo(START);
        }
    }

    @Nested
    @DisplayName("given to the local provider")
    class InTheProvider {

        @Test
        @DisplayName("drives message leases and is what the cloud unwraps to")
        void drivesLeases() {
            LocalClock clock = LocalClock.startingAt(START);
            try (Cloud cloud = Polycloud.builder().config(PolycloudConfig.builder().provider("local").build())
                    .use(LocalClock.class, clock).open()) {
                assertThat(cloud.unwrap(LocalClock.class)).isSameAs(clock);
                assertThat(cloud.unwrap(Clock.class)).isSameAs(clock);
                Queue queue = cloud.queue("ticking").create();
                queue.send("hello");
                assertThat(queue.receive(ReceiveOptions.of(1, Duration.ZERO).withLease(Duration.ofMinutes(1))))
                        .hasSize(1);
                assertThat(queue.receive(1, Duration.ZERO)).isEmpty();
                clock.advance(Duration.ofMinutes(1));
                assertThat(queue.receive(1, Duration.ZERO)).singleElement()
                        .satisfies(m -> assertThat(m.deliveryCount()).isEqualTo(2));
            }
        }

        @Test
        @DisplayName("without a clock the provider uses the system clock, and unwrapping to LocalClock is refused")
        void defaultIsSystem() {
            try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build())) {
                assertThat(cloud.unwrap(Clock.class).instant()).isCloseTo(Instant.now(),
                        org.assertj.core.api.Assertions.within(5, java.time.temporal.ChronoUnit.SECONDS));
                assertThatThrownBy(() -> cloud.unwrap(LocalClock.class)).isInstanceOf(CloudException.class);
            }
        }
    }
}

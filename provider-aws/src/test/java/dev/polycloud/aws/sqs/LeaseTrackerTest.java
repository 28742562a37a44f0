package dev.polycloud.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("What a receiver knows about its leases")
class LeaseTrackerTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final LeaseTracker tracker = new LeaseTracker(clock::get);

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private long in(Duration d) {
        return clock.get() + d.toNanos();
    }

    @Test
    @DisplayName("a receipt it never handed out is unknown, never ended")
    void unknown() {
        assertThat(tracker.ended("someone else's")).isFalse();
        tracker.finished("someone else's");
        assertThat(tracker.ended("someone else's")).isFalse();
    }

    @Test
    @DisplayName("a lease ends when its deadline passes")
    void deadline() {
        tracker.delivered("m1", "r1", in(Duration.ofSeconds(5)));
        advance(Duration.ofSeconds(4));
        assertThat(tracker.ended("r1")).isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(tracker.ended("r1")).isTrue();
    }

    @Test
    @DisplayName("an extension moves the deadline")
    void extension() {
        tracker.delivered("m1", "r1", in(Duration.ofSeconds(5)));
        advance(Duration.ofSeconds(4));
        tracker.extended("r1", in(Duration.ofSeconds(10)));
        advance(Duration.ofSeconds(9));
        assertThat(tracker.ended("r1")).isFalse();
    }

    @Test
    @DisplayName("a redelivery of the same message ends the earlier receipt at once")
    void redelivery() {
        tracker.delivered("m1", "r1", in(Duration.ofSeconds(30)));
        tracker.delivered("m2", "r2", in(Duration.ofSeconds(30)));
        tracker.delivered("m1", "r1b", in(Duration.ofSeconds(30)));
        assertThat(tracker.ended("r1")).isTrue();
        assertThat(tracker.ended("r1b")).isFalse();
        assertThat(tracker.ended("r2")).isFalse();
    }

    @Test
    @DisplayName("an ack or nack ends the receipt, and a later extension cannot revive it")
    void finished() {
        tracker.delivered("m1", "r1", in(Duration.ofSeconds(30)));
        tracker.finished("r1");
        assertThat(tracker.ended("r1")).isTrue();
        tracker.extended("r1", in(Duration.ofSeconds(60)));
        assertThat(tracker.ended("r1")).isTrue();
    }

    @Test
    @DisplayName("ended leases are forgotten a quarter of an hour later once many are tracked")
    void bounded() {
        for (int i = 0; i < 10_000; i++) {
            tracker.delivered("m" + i, "r" + i, in(Duration.ofSeconds(1)));
        }
        advance(Duration.ofMinutes(16));
        tracker.delivered("fresh", "fresh-r", in(Duration.ofSeconds(30)));
        assertThat(tracker.size()).isEqualTo(1);
        assertThat(tracker.ended("fresh-r")).isFalse();
    }
}

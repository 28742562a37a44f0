package dev.polycloud.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.local.LocalClock;
import dev.polycloud.message.ReceiveOptions;
import dev.polycloud.queue.Queue;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@PolycloudTest
@DisplayName("@PolycloudTest with its defaults")
class PolycloudTestDefaultsTest {

    private Cloud cloud;
    private LocalClock clock;

    @Test
    @DisplayName("injects an in-memory cloud into fields and parameters, the same one in both")
    void injects(Cloud parameter, LocalClock clockParameter) {
        assertThat(cloud).isNotNull().isSameAs(parameter);
        assertThat(cloud.provider()).isEqualTo("local");
        assertThat(clock).isSameAs(clockParameter).isSameAs(cloud.unwrap(LocalClock.class));
    }

    @RepeatedTest(2)
    @DisplayName("gives every test a fresh cloud: a queue created by an earlier test is not there")
    void fresh() {
        Queue queue = cloud.queue("fresh-each-time");
        assertThat(queue.exists()).isFalse();
        queue.create().send("left behind");
    }

    @Test
    @DisplayName("the injected clock drives leases: a message comes back once its lease has passed on the clock")
    void clockDrivesLeases() {
        Queue queue = cloud.queue("leased").create();
        queue.send("hello");
        assertThat(queue.receive(ReceiveOptions.of(1, Duration.ZERO).withLease(Duration.ofHours(1)))).hasSize(1);
        assertThat(queue.receive(1, Duration.ZERO)).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(queue.receive(1, Duration.ZERO)).singleElement()
                .satisfies(m -> assertThat(m.deliveryCount()).isEqualTo(2));
    }

    @Nested
    @DisplayName("in a nested class")
    class Inner {

        private Cloud innerCloud;

        @Test
        @DisplayName("injects the same cloud into the nested and the enclosing instance")
        void nested(Cloud parameter) {
            assertThat(innerCloud).isSameAs(parameter).isSameAs(cloud);
        }
    }
}

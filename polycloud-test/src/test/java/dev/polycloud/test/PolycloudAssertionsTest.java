package dev.polycloud.test;

import static dev.polycloud.test.PolycloudAssertions.assertDrained;
import static dev.polycloud.test.PolycloudAssertions.assertItemEqualsIgnoringVersion;
import static dev.polycloud.test.PolycloudAssertions.eventuallyReceives;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

@PolycloudTest
@DisplayName("PolycloudAssertions")
class PolycloudAssertionsTest {

    private Cloud cloud;
    private Queue queue;

    @BeforeEach
    void queue() {
        queue = cloud.queue("work").create();
    }

    @Nested
    @DisplayName("eventuallyReceives")
    class EventuallyReceives {

        @Test
        @DisplayName("returns a message sent a little later, still leased")
        void later() {
            CompletableFuture.runAsync(() -> queue.send("late"),
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
            ReceivedMessage m = eventuallyReceives(queue, Duration.ofSeconds(5));
            assertThat(m.bodyAsString()).isEqualTo("late");
            queue.ack(m);
            assertDrained(queue);
        }

        @Test
        @DisplayName("skips non-matching messages, which stay in the queue")
        void matching() {
            queue.send("other");
            queue.send("wanted");
            ReceivedMessage m = eventuallyReceives(queue, r -> r.bodyAsString().equals("wanted"), Duration.ofSeconds(5));
            queue.ack(m);
            assertThat(eventuallyReceives(queue, Duration.ofSeconds(5)).bodyAsString()).isEqualTo("other");
        }

        @Test
        @DisplayName("fails after the wait when nothing arrives")
        void nothing() {
            assertThatThrownBy(() -> eventuallyReceives(queue, Duration.ofMillis(300)))
                    .isInstanceOf(AssertionFailedError.class).hasMessageContaining("delivered none");
        }
    }

    @Test
    @DisplayName("assertDrained fails naming what is left, and leaves it in the queue")
    void drained() {
        queue.send("leftover");
        assertThatThrownBy(() -> assertDrained(queue)).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("leftover");
        assertThat(queue.receive(1, Duration.ZERO)).hasSize(1);
    }

    @Test
    @DisplayName("assertItemEqualsIgnoringVersion ignores versions but not attributes")
    void items() {
        Item built = Item.builder().put("id", "a").put("n", 1).build();
        assertItemEqualsIgnoringVersion(built, built.withVersion("v7"));
        assertThatThrownBy(() -> assertItemEqualsIgnoringVersion(built, built.toBuilder().put("n", 2).build()))
                .isInstanceOf(AssertionFailedError.class);
    }
}

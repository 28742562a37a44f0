package dev.polycloud.local;


import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceiveOptions;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The local provider with an injected clock")
class LocalClockTest {

    private final MutableClock clock = new MutableClock();
    private Cloud cloud;
    private Queue queue;

    @BeforeEach
    void open() {
        cloud = Polycloud.builder().config(PolycloudConfig.builder().provider("local").build())
                .use(Clock.class, clock).open();
        queue = cloud.queue("clocked").create();
    }

    @AfterEach
    void close() {
        cloud.close();
    }

    private List<ReceivedMessage> receiveNow() {
        return queue.receive(10, Duration.ZERO);
    }

    @Nested
    @DisplayName("leases")
    class Leases {

        @Test
        @DisplayName("a message comes back with deliveryCount 2 only once its lease has passed on the clock")
        void leaseFollowsClock() {
            queue.send("hello");
            assertThat(queue.receive(ReceiveOptions.of(1, Duration.ZERO).withLease(Duration.ofMinutes(5))))
                    .singleElement().extracting(ReceivedMessage::deliveryCount).isEqualTo(1);
            clock.advance(Duration.ofMinutes(4));
            assertThat(receiveNow()).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            assertThat(receiveNow()).singleElement().extracting(ReceivedMessage::deliveryCount).isEqualTo(2);
        }

        @Test
        @DisplayName("an extended lease keeps the message hidden past its first end")
        void extension() {
            queue.send("hello");
            ReceivedMessage m = queue.receive(ReceiveOptions.of(1, Duration.ZERO).withLease(Duration.ofMinutes(1)))
                    .get(0);
            clock.advance(Duration.ofSeconds(50));
            queue.extendLease(m, Duration.ofMinutes(10));
            clock.advance(Duration.ofMinutes(5));
            assertThat(receiveNow()).isEmpty();
        }
    }

    @Test
    @DisplayName("a delayed message appears exactly when its delay has passed on the clock")
    void delay() {
        queue.send(Message.builder().body("later").delay(Duration.ofMinutes(10)).build());
        clock.advance(Duration.ofMinutes(9));
        assertThat(receiveNow()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(receiveNow()).singleElement().extracting(ReceivedMessage::bodyAsString).isEqualTo("later");
    }

    @Test
    @DisplayName("deduplication drops a repeat within five minutes and accepts it after")
    void dedupWindow() {
        Queue fifo = cloud.queue("clocked-fifo").create(QueueOptions.builder().fifo(true).build());
        Message m = Message.builder().body("once").orderingGroup("g").deduplicationId("d-1").build();
        String first = fifo.send(m);
        assertThat(fifo.send(m)).isEqualTo(first);
        assertThat(fifo.approximateDepth()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(fifo.send(m)).isNotEqualTo(first);
        assertThat(fifo.approximateDepth()).isEqualTo(2);
    }

    @Test
    @DisplayName("the backend exposes the injected clock")
    void backendClock() {
        assertThat(cloud.unwrap(LocalBackend.class).clock()).isSameAs(clock);
    }
}

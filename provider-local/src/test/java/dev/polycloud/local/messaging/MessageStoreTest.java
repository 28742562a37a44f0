package dev.polycloud.local.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.local.MutableClock;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The in-memory message store")
class MessageStoreTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private final MutableClock clock = new MutableClock();

    private MessageStore store(Duration lease) {
        return new MessageStore("queue test", clock, lease, false, Optional.empty(), null);
    }

    private static List<ReceivedMessage> receive(MessageStore store, int max) {
        return store.receive(max, Duration.ZERO, Optional.empty(), name -> null);
    }

    @Nested
    @DisplayName("the heap of leased messages")
    class LeaseHeap {

        @Test
        @DisplayName("does not grow with messages that were received and acked long before their lease ends")
        void acked_leases_are_swept() {
            MessageStore store = store(HOUR);
            for (int i = 0; i < 100_000; i++) {
                store.add(List.of(Message.of("m" + i)), null);
                ReceivedMessage m = receive(store, 1).get(0);
                store.ack(List.of(m.receipt()));
            }

            assertThat(store.scheduledTickets()).isLessThanOrEqualTo(MessageStore.MIN_SWEEP);
            assertThat(store.depth()).isZero();
        }

        @Test
        @DisplayName("stays within twice the messages really in flight, and keeps every one of them")
        void keeps_live_leases() {
            MessageStore store = store(HOUR);
            List<String> inFlight = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                store.add(List.of(Message.of("kept" + i)), null);
                inFlight.add(receive(store, 1).get(0).receipt());
            }
            for (int i = 0; i < 50_000; i++) {
                store.add(List.of(Message.of("m" + i)), null);
                store.ack(List.of(receive(store, 1).get(0).receipt()));
            }

            assertThat(store.scheduledTickets()).isLessThanOrEqualTo(2 * 5_000 + MessageStore.MIN_SWEEP);
            assertThat(store.depth()).isEqualTo(5_000);
            clock.advance(HOUR.plusSeconds(1));
            List<ReceivedMessage> back = receive(store, 10_000);
            assertThat(back).hasSize(5_000).allSatisfy(m -> assertThat(m.deliveryCount()).isEqualTo(2));
            assertThat(back).extracting(ReceivedMessage::bodyAsString).doesNotHaveDuplicates()
                    .allSatisfy(body -> assertThat(body).startsWith("kept"));
        }

        @Test
        @DisplayName("drops tickets of nacked and extended leases too, and the message still comes back")
        void nacked_and_extended_leases_are_swept() {
            MessageStore store = store(HOUR);
            store.add(List.of(Message.of("one")), null);
            for (int i = 0; i < 20_000; i++) {
                ReceivedMessage m = receive(store, 1).get(0);
                store.extendLease(m.receipt(), HOUR.plusHours(1));
                store.nack(List.of(m.receipt()));
            }

            assertThat(store.scheduledTickets()).isLessThanOrEqualTo(2 + MessageStore.MIN_SWEEP);
            assertThat(receive(store, 1)).singleElement()
                    .satisfies(m -> assertThat(m.deliveryCount()).isEqualTo(20_001));
        }
    }
}

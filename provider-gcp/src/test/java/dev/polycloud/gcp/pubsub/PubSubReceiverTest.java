package dev.polycloud.gcp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pub/Sub leases, receipts, names and stored options")
class PubSubReceiverTest {

    @Test
    @DisplayName("leases round up to whole seconds; ack deadlines stay within 10 to 600 seconds")
    void seconds() {
        assertThat(PubSubReceiver.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(PubSubReceiver.seconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(PubSubReceiver.seconds(Duration.ofSeconds(30))).isEqualTo(30);
        assertThat(PubSubReceiver.ackDeadlineSeconds(Duration.ofSeconds(1))).isEqualTo(10);
        assertThat(PubSubReceiver.ackDeadlineSeconds(Duration.ofMillis(10_001))).isEqualTo(11);
        assertThat(PubSubReceiver.ackDeadlineSeconds(Duration.ofSeconds(600))).isEqualTo(600);
    }

    @Test
    @DisplayName("a receipt carries its subscription, its lease deadline and the ack id, dots included; other"
            + " strings are not receipts (and acking them is a no-op)")
    void receipts() {
        PubSubReceiver.Receipt r = PubSubReceiver.Receipt.parse("p1700000000000.ack.id-with.dots");
        assertThat(r.kind()).isEqualTo('p');
        assertThat(r.deadline()).isEqualTo(1_700_000_000_000L);
        assertThat(r.ackId()).isEqualTo("ack.id-with.dots");
        for (String bad : new String[] {"", "m", "x1.a", "m.a", "m12.", "mabc.d"}) {
            assertThat(PubSubReceiver.Receipt.parse(bad)).as("not a receipt: '%s'", bad).isNull();
        }
    }

    @Test
    @DisplayName("queues and topics map to separate, reversible Pub/Sub ids")
    void names() {
        assertThat(PubSubNames.queueId("orders")).isEqualTo("q.orders");
        assertThat(PubSubNames.topicId("orders")).isEqualTo("t.orders");
        assertThat(PubSubNames.subscriptionId("orders", "audit")).isEqualTo("t.orders.audit");
        assertThat(PubSubNames.parkingId("orders", "audit")).isEqualTo("t.orders.audit.parked");
        assertThat(PubSubNames.queueOfTopic("projects/p/topics/q.orders")).contains("orders");
        assertThat(PubSubNames.queueOfTopic("projects/p/topics/t.orders")).isEmpty();
        assertThat(PubSubNames.queueOfTopic("projects/p/topics/t.orders.audit.parked")).isEmpty();
    }

    @Test
    @DisplayName("queue options survive the trip through a Pub/Sub subscription, short leases and small maxDeliveries included")
    void queueOptions() {
        for (QueueOptions o : new QueueOptions[] {QueueOptions.defaults(),
                QueueOptions.builder().defaultLease(Duration.ofMillis(2500)).fifo(true).build(),
                QueueOptions.builder().deadLetter("dead", 2).build(),
                QueueOptions.builder().deadLetter("dead", 42).defaultLease(Duration.ofSeconds(600)).build()}) {
            var s = PubSubOptions.queueSubscription("p", "orders", o);
            assertThat(PubSubOptions.queueOptions(s)).isEqualTo(o);
            assertThat(s.getAckDeadlineSeconds()).isBetween(10, 600);
            assertThat(s.hasDeadLetterPolicy()).as("every queue counts deliveries").isTrue();
            assertThat(s.getDeadLetterPolicy().getMaxDeliveryAttempts()).isBetween(5, 100);
            assertThat(s.hasExpirationPolicy()).isTrue();
            assertThat(s.getExpirationPolicy().hasTtl()).as("never expires").isFalse();
        }
    }

    @Test
    @DisplayName("subscription options survive the trip, filter included; without a dead-letter queue it parks")
    void subscriptionOptions() {
        SubscriptionOptions o = SubscriptionOptions.builder().defaultLease(Duration.ofSeconds(12))
                .filter(SubscriptionFilter.oneOf("color", "red", "blue")).build();
        var s = PubSubOptions.topicSubscription("p", "events", "audit", o);
        assertThat(PubSubOptions.subscriptionOptions(s)).isEqualTo(o);
        assertThat(s.getEnableMessageOrdering()).isTrue();
        assertThat(s.getDeadLetterPolicy().getDeadLetterTopic()).isEqualTo("projects/p/topics/t.events.audit.parked");
        SubscriptionOptions withDlq = SubscriptionOptions.builder().deadLetter("dead", 3).build();
        var d = PubSubOptions.topicSubscription("p", "events", "audit", withDlq);
        assertThat(PubSubOptions.subscriptionOptions(d)).isEqualTo(withDlq);
        assertThat(d.getDeadLetterPolicy().getDeadLetterTopic()).isEqualTo("projects/p/topics/q.dead");
        assertThat(d.getDeadLetterPolicy().getMaxDeliveryAttempts()).isEqualTo(5);
    }
}

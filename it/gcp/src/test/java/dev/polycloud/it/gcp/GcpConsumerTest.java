package dev.polycloud.it.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.GcpEmulators;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.Topic;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An application that imports polycloud-bom and depends on the gcp provider only (on the emulators)")
class GcpConsumerTest {

    @Test
    @DisplayName("publishes to a Pub/Sub topic, receives from its subscription and writes and reads a Firestore item")
    void roundTrip() throws Exception {
        GcpEmulators emulators = GcpEmulators.get(); // skips (or fails when CI requires gcp) without gcloud
        emulators.clearFirestore();
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().setAll(emulators.config()).build())) {
            Topic topic = cloud.topic("consumer-events").create();
            Subscription subscription = topic.subscription("consumer-reader").create();
            topic.publish("hello from a gcp consumer");
            List<ReceivedMessage> got = subscription.receive(10, Duration.ofSeconds(10));
            assertThat(got).extracting(ReceivedMessage::bodyAsString).containsExactly("hello from a gcp consumer");
            subscription.ack(got);

            Table orders = cloud.table("orders").createTable(TableSchema.of("id", KeyType.STRING));
            orders.put(Item.builder().put("id", "o-1").put("total", 42L).build());
            assertThat(orders.get(Key.of("o-1")).flatMap(item -> item.getLong("total"))).contains(42L);
        }
    }

    @Test
    @DisplayName("has no Guice on its class path")
    void noGuice() {
        assertThatThrownBy(() -> Class.forName("com.google.inject.Guice")).isInstanceOf(ClassNotFoundException.class);
    }
}

package dev.polycloud.it.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.Azurite;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An application that imports polycloud-bom and depends on the azure provider only (on Azurite)")
class AzureConsumerTest {

    @Test
    @DisplayName("sends and receives a Storage Queue message and writes and reads a Table Storage item")
    void roundTrip() {
        Azurite azurite = Azurite.shared(); // skips (or fails when CI requires azure) without Azurite
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.connection-string", azurite.connectionString()).build())) {
            Queue queue = cloud.queue("consumer").create();
            queue.send("hello from an azure consumer");
            List<ReceivedMessage> got = queue.receive(10, Duration.ofSeconds(5));
            assertThat(got).extracting(ReceivedMessage::bodyAsString).containsExactly("hello from an azure consumer");
            queue.ack(got);

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

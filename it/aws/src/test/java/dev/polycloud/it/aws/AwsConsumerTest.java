package dev.polycloud.it.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.MotoServer;
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

@DisplayName("An application that imports polycloud-bom and depends on the aws provider only (on moto)")
class AwsConsumerTest {

    @Test
    @DisplayName("sends and receives an SQS message and writes and reads a DynamoDB item")
    void roundTrip() {
        MotoServer moto = MotoServer.shared(); // skips (or fails when CI requires aws) without moto
        moto.reset();
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("aws")
                .set("polycloud.aws.region", "us-east-1")
                .set("polycloud.aws.endpoint", moto.endpoint().toString())
                .set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test").build())) {
            Queue queue = cloud.queue("consumer").create();
            queue.send("hello from an aws consumer");
            List<ReceivedMessage> got = queue.receive(10, Duration.ofSeconds(5));
            assertThat(got).extracting(ReceivedMessage::bodyAsString).containsExactly("hello from an aws consumer");
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

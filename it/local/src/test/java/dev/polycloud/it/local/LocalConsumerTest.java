package dev.polycloud.it.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.TypedTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An application that imports polycloud-bom and depends on the local provider only")
class LocalConsumerTest {

    /** An application's own record. */
    record Order(String id, BigDecimal total) {
    }

    @Test
    @DisplayName("opens the default (in-memory) cloud, sends and receives a message and keeps a typed item")
    void roundTrip() {
        try (Cloud cloud = Polycloud.open()) {
            assertThat(cloud.provider()).isEqualTo("local");
            Queue queue = cloud.queue("consumer").create();
            queue.send("hello from a consumer");
            List<ReceivedMessage> got = queue.receive(10, Duration.ofSeconds(1));
            assertThat(got).extracting(ReceivedMessage::bodyAsString).containsExactly("hello from a consumer");
            queue.ack(got);

            cloud.table("orders").createTable(TableSchema.of("id", KeyType.STRING));
            TypedTable<Order> orders = cloud.table("orders", Order.class);
            orders.put(new Order("o-1", new BigDecimal("13.50")));
            assertThat(orders.get(Key.of("o-1"))).contains(new Order("o-1", new BigDecimal("13.50")));
        }
    }

    @Test
    @DisplayName("has no Guice on its class path")
    void noGuice() {
        assertThatThrownBy(() -> Class.forName("com.google.inject.Guice")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    @DisplayName("gets jars that name their module in the manifest (Automatic-Module-Name)")
    void automaticModuleNames() throws Exception {
        assertThat(moduleName(Cloud.class)).isEqualTo("dev.polycloud");
        assertThat(moduleName(Class.forName("dev.polycloud.local.LocalCloudProvider"))).isEqualTo("dev.polycloud.local");
    }

    private static String moduleName(Class<?> type) throws Exception {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Assumptions.assumeTrue(Files.isRegularFile(location),
                "the reactor resolved " + type.getSimpleName() + " to a classes directory (no jar before package)");
        try (JarFile jar = new JarFile(location.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        }
    }
}

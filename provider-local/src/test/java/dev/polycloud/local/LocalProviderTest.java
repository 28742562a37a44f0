package dev.polycloud.local;

import dev.polycloud.local.internal.LocalSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The local provider")
class LocalProviderTest {

    private static Cloud open(String... keyValues) {
        PolycloudConfig.Builder b = PolycloudConfig.builder().provider("local");
        for (int i = 0; i < keyValues.length; i += 2) {
            b.set(keyValues[i], keyValues[i + 1]);
        }
        return Polycloud.open(b.build());
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {

        @Test
        @DisplayName("is the default provider")
        void defaultProvider() {
            try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().build())) {
                assertThat(cloud.provider()).isEqualTo("local");
            }
        }

        @Test
        @DisplayName("declares every capability by default")
        void everyCapability() {
            try (Cloud cloud = open()) {
                var caps = cloud.capabilities();
                assertThat(caps.queues().delay()).isTrue();
                assertThat(caps.queues().fifo()).isTrue();
                assertThat(caps.queues().deduplication()).isTrue();
                assertThat(caps.topics().subscriptionFilters()).isTrue();
                assertThat(caps.topics().orderingGroups()).isTrue();
            }
        }

        @Test
        @DisplayName("withdraws capabilities named in polycloud.local.disable, and the portable layer then refuses them")
        void disable() {
            try (Cloud cloud = open(LocalSettings.DISABLE, "delay, fifo")) {
                assertThat(cloud.capabilities().queues().delay()).isFalse();
                Queue q = cloud.queue("plain").create();
                assertThatThrownBy(() -> q.send(Message.builder().body("x").delay(Duration.ofSeconds(1)).build()))
                        .isInstanceOfSatisfying(CloudException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED));
            }
        }

        @Test
        @DisplayName("a wrong polycloud.local.disable value fails at open naming the key and the accepted values")
        void wrongDisable() {
            assertThatThrownBy(() -> open(LocalSettings.DISABLE, "teleport"))
                    .isInstanceOf(CloudException.class)
                    .hasMessageContaining(LocalSettings.DISABLE).hasMessageContaining("subscription-filters")
                    .hasMessageContaining("teleport");
        }
    }

    @Nested
    @DisplayName("portable dead-lettering")
    class PortableDeadLetter {

        @Test
        @DisplayName("moves a message to the dead-letter queue when native dead-lettering is withdrawn")
        void portableMove() {
            try (Cloud cloud = open(LocalSettings.DISABLE, "native-dead-letter")) {
                Queue dlq = cloud.queue("dead").create();
                Queue q = cloud.queue("work").create(QueueOptions.builder().deadLetter("dead", 2).build());
                q.send(Message.builder().body("poison").attribute("k", "v").build());
                for (int i = 0; i < 2; i++) {
                    List<ReceivedMessage> got = q.receive(1, Duration.ofSeconds(1));
                    assertThat(got).hasSize(1);
                    q.nack(got.get(0));
                }
                assertThat(q.receive(1, Duration.ZERO)).isEmpty();
                List<ReceivedMessage> dead = dlq.receive(1, Duration.ofSeconds(1));
                assertThat(dead).singleElement().satisfies(m -> {
                    assertThat(m.bodyAsString()).isEqualTo("poison");
                    assertThat(m.attributes()).containsEntry("k", "v");
                });
                assertThat(q.approximateDepth()).isZero();
            }
        }
    }

    @Nested
    @DisplayName("the Cloud")
    class TheCloud {

        @Test
        @DisplayName("unwraps to the LocalBackend, whose reset deletes everything")
        void unwrapAndReset() {
            try (Cloud cloud = open()) {
                cloud.queue("to-reset").create();
                cloud.unwrap(LocalBackend.class).reset();
                assertThat(cloud.queue("to-reset").exists()).isFalse();
            }
        }

        @Test
        @DisplayName("refuses to unwrap to a type it has not, with UNIMPLEMENTED")
        void unwrapUnknown() {
            try (Cloud cloud = open()) {
                assertThatThrownBy(() -> cloud.unwrap(StringBuilder.class))
                        .isInstanceOfSatisfying(CloudException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED));
            }
        }

        @Test
        @DisplayName("cannot be used after close")
        void closed() {
            Cloud cloud = open();
            cloud.close();
            assertThatThrownBy(() -> cloud.queue("late")).isInstanceOf(IllegalStateException.class);
        }
    }
}

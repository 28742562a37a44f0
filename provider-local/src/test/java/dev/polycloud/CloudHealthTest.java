package dev.polycloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.internal.Retrier;
import dev.polycloud.spi.ProviderDrivers;
import dev.polycloud.spi.QueueDriver;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDriver;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.spi.TopicDriver;
import dev.polycloud.spi.TopicDrivers;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Cloud.health()")
class CloudHealthTest {

    private static Cloud local() {
        return Polycloud.open(PolycloudConfig.builder().provider("local").build());
    }

    @Nested
    @DisplayName("on the local provider")
    class OnLocal {

        @Test
        @DisplayName("is UP with an UP check for queues, topics, tables and buckets")
        void up() {
            try (Cloud cloud = local()) {
                Health health = cloud.health();
                assertThat(health.status()).isEqualTo(Health.Status.UP);
                assertThat(health.provider()).isEqualTo("local");
                assertThat(health.checks()).containsOnlyKeys("queues", "topics", "tables", "buckets");
                assertThat(health.checks().values()).allSatisfy(c -> {
                    assertThat(c.status()).isEqualTo(Health.Status.UP);
                    assertThat(c.detail()).isEmpty();
                    assertThat(c.took()).isLessThan(Duration.ofSeconds(5));
                });
            }
        }

        @Test
        @DisplayName("is not recorded as operations: it bypasses the Retrier and its observer")
        void notObserved() {
            List<String> seen = new CopyOnWriteArrayList<>();
            try (Cloud cloud = Polycloud.builder().config(PolycloudConfig.builder().provider("local").build())
                    .observer(new dev.polycloud.spi.OperationObserver() {
                        @Override
                        public void succeeded(String p, String k, String r, String o, long n) {
                            seen.add(k + " " + o);
                        }
                    }).open()) {
                cloud.health();
                assertThat(seen).isEmpty();
                cloud.queue("orders").create();
                assertThat(seen).containsExactly("queue create");
            }
        }
    }

    @Nested
    @DisplayName("with failing drivers")
    class Failing {

        @Test
        @DisplayName("is DOWN naming the error code of a check that fails, the others staying UP")
        void failingCheck() {
            try (Cloud cloud = fake(() -> {
                throw new CloudException(ErrorCode.UNAUTHENTICATED, "bad key");
            })) {
                Health health = cloud.health(Duration.ofSeconds(5));
                assertThat(health.status()).isEqualTo(Health.Status.DOWN);
                assertThat(health.checks().get("queues").status()).isEqualTo(Health.Status.DOWN);
                assertThat(health.checks().get("queues").detail()).contains("UNAUTHENTICATED", "bad key");
                assertThat(health.checks().get("tables").status()).isEqualTo(Health.Status.UP);
            }
        }

        @Test
        @DisplayName("is DOWN after about the timeout when a check hangs")
        void hangingCheck() {
            try (Cloud cloud = fake(() -> {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            })) {
                long start = System.nanoTime();
                Health health = cloud.health(Duration.ofMillis(300));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(health.status()).isEqualTo(Health.Status.DOWN);
                assertThat(health.checks().get("queues").detail()).startsWith("no answer within");
                assertThat(health.checks().get("tables").status()).isEqualTo(Health.Status.UP);
                assertThat(took).isLessThan(Duration.ofSeconds(3));
            }
        }
    }

    /** A cloud on the local provider's capabilities whose queue existence check runs {@code queueExists}. */
    private static Cloud fake(BooleanSupplier queueExists) {
        Capabilities caps;
        try (Cloud cloud = local()) {
            caps = cloud.capabilities();
        }
        QueueDriver queue = proxy(QueueDriver.class, queueExists);
        TopicDriver topic = proxy(TopicDriver.class, () -> false);
        TableDriver table = proxy(TableDriver.class, () -> false);
        ProviderDrivers drivers = new ProviderDrivers() {
            @Override
            public Capabilities capabilities() {
                return caps;
            }

            @Override
            public QueueDrivers queues() {
                return name -> queue;
            }

            @Override
            public TopicDrivers topics() {
                return name -> topic;
            }

            @Override
            public TableDrivers tables() {
                return name -> table;
            }

            @Override
            public Optional<dev.polycloud.spi.BlobDrivers> blobs() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        return new Cloud(drivers, new Retrier("fake", 1, Duration.ofMillis(1)));
    }

    private static <T> T proxy(Class<T> type, BooleanSupplier exists) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (method.getName().equals("exists")) {
                return exists.getAsBoolean();
            }
            throw new UnsupportedOperationException(method.getName());
        }));
    }
}

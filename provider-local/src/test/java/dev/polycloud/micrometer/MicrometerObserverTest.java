package dev.polycloud.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("MicrometerObserver on the local provider")
class MicrometerObserverTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Cloud cloud = Polycloud.builder()
            .config(PolycloudConfig.builder().provider("local").build())
            .observer(new MicrometerObserver(registry))
            .open();

    @AfterEach
    void close() {
        cloud.close();
    }

    private Timer timer(String kind, String resource, String operation, String outcome) {
        return registry.find(MicrometerObserver.OPERATION)
                .tags("provider", "local", "kind", kind, "resource", resource, "operation", operation,
                        "outcome", outcome)
                .timer();
    }

    @Nested
    @DisplayName("on a queue")
    class OnAQueue {

        @Test
        @DisplayName("times send, receive and ack with provider, kind, resource, operation and outcome tags")
        void sendReceiveAck() {
            Queue orders = cloud.queue("orders").create();
            orders.send("one");
            orders.send("two");
            List<ReceivedMessage> got = orders.receive(10, Duration.ofSeconds(1));
            assertThat(got).hasSize(2);
            orders.ack(got);

            assertThat(timer("queue", "orders", "send", "success")).isNotNull()
                    .satisfies(t -> assertThat(t.count()).isEqualTo(2));
            assertThat(timer("queue", "orders", "receive", "success").count()).isGreaterThanOrEqualTo(1);
            assertThat(timer("queue", "orders", "ack", "success").count()).isEqualTo(1);
            assertThat(timer("queue", "orders", "send", "success").totalTime(TimeUnit.NANOSECONDS)).isPositive();
        }

        @Test
        @DisplayName("records a failure on a missing queue under its error code, and never tags a message id")
        void notFound() {
            assertThatThrownBy(() -> cloud.queue("missing").send("lost"))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

            Timer failed = timer("queue", "missing", "send", "NOT_FOUND");
            assertThat(failed).isNotNull();
            assertThat(failed.count()).isEqualTo(1);
            assertThat(timer("queue", "missing", "send", "success")).isNull();
            for (Meter meter : registry.getMeters()) {
                assertThat(meter.getId().getTags()).extracting(t -> t.getKey())
                        .containsExactlyInAnyOrder("provider", "kind", "resource", "operation", "outcome");
            }
        }
    }

    @Nested
    @DisplayName("on a table")
    class OnATable {

        @Test
        @DisplayName("times put and get, and a get on a missing table as NOT_FOUND")
        void putGet() {
            Table users = cloud.table("users").createTable(TableSchema.of("id", KeyType.STRING));
            users.put(Item.builder().put("id", "u1").put("name", "Ada").build());
            assertThat(users.get(Key.of("u1"))).isPresent();
            assertThat(users.get(Key.of("u2"))).isEmpty();

            assertThat(timer("table", "users", "put", "success").count()).isEqualTo(1);
            assertThat(timer("table", "users", "get", "success").count()).isEqualTo(2);

            Table missing = cloud.table("absent", TableSchema.of("id", KeyType.STRING));
            assertThatThrownBy(() -> missing.get(Key.of("x"))).isInstanceOfSatisfying(CloudException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(timer("table", "absent", "get", "NOT_FOUND").count()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("on a topic and its subscription, and asynchronously")
    class TopicsAndAsync {

        @Test
        @DisplayName("tags a subscription's operations with topic/subscription as the resource")
        void subscription() {
            var events = cloud.topic("events").create();
            var audit = events.subscription("audit").create();
            events.publish("hello");
            List<ReceivedMessage> got = audit.receive(1, Duration.ofSeconds(2));
            assertThat(got).hasSize(1);
            audit.ack(got.get(0));

            assertThat(timer("topic", "events", "publish", "success").count()).isEqualTo(1);
            assertThat(timer("subscription", "events/audit", "ack", "success").count()).isEqualTo(1);
        }

        @Test
        @DisplayName("records an asynchronous get by the time its future has completed")
        void asyncGet() throws Exception {
            Table users = cloud.table("users-async").createTable(TableSchema.of("id", KeyType.STRING));
            assertThat(users.async().get(Key.of("nobody")).get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(timer("table", "users-async", "get", "success").count()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("retries")
    class Retries {

        @Test
        @DisplayName("are counted in polycloud.retries by code")
        void counted() {
            MicrometerObserver observer = new MicrometerObserver(registry);
            observer.retried("aws", "queue", "orders", "send", ErrorCode.THROTTLED);
            observer.retried("aws", "queue", "orders", "send", ErrorCode.THROTTLED);
            observer.retried("aws", "queue", "orders", "send", ErrorCode.UNAVAILABLE);

            Counter throttled = registry.find(MicrometerObserver.RETRIES)
                    .tags("provider", "aws", "kind", "queue", "resource", "orders", "operation", "send",
                            "code", "THROTTLED")
                    .counter();
            assertThat(throttled).isNotNull();
            assertThat(throttled.count()).isEqualTo(2.0);
            assertThat(registry.find(MicrometerObserver.RETRIES).tag("code", "UNAVAILABLE").counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Nested
    @DisplayName("on messages and listeners")
    class OnMessages {

        private double count(String event, String kind, String resource) {
            Counter c = registry.find(MicrometerObserver.MESSAGES + "." + event)
                    .tags("provider", "local", "kind", kind, "resource", resource).counter();
            return c == null ? 0 : c.count();
        }

        @Test
        @DisplayName("counts messages sent, received, acked and nacked per resource, never per message id")
        void counts() {
            Queue q = cloud.queue("counted").create();
            q.sendBatch(List.of(dev.polycloud.message.Message.of("a"), dev.polycloud.message.Message.of("b"),
                    dev.polycloud.message.Message.of("c")));
            List<ReceivedMessage> got = q.receive(10, Duration.ofSeconds(1));
            assertThat(got).hasSize(3);
            q.ack(got.subList(0, 2));
            q.nack(got.get(2));

            assertThat(count("sent", "queue", "counted")).isEqualTo(3.0);
            assertThat(count("received", "queue", "counted")).isEqualTo(3.0);
            assertThat(count("acked", "queue", "counted")).isEqualTo(2.0);
            assertThat(count("nacked", "queue", "counted")).isEqualTo(1.0);
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                    .noneMatch(t -> got.stream().anyMatch(r -> t.getValue().contains(r.id()))));
        }

        @Test
        @DisplayName("times listener handlers by outcome and shows the handlers in flight while they run")
        void listener() throws Exception {
            Queue q = cloud.queue("handled").create();
            java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            var listener = q.listen(m -> {
                if (m.bodyAsString().equals("slow")) {
                    running.countDown();
                    release.await();
                } else {
                    throw new IllegalStateException("boom");
                }
            }, dev.polycloud.listen.ListenerOptions.defaults());
            try {
                q.send("slow");
                assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(registry.find(MicrometerObserver.IN_FLIGHT).tag("resource", "handled").gauge().value())
                        .isEqualTo(1.0);
                release.countDown();
                q.send("fails");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (registry.find(MicrometerObserver.HANDLER).tag("outcome", "error").timer() == null
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                release.countDown();
                listener.stop(Duration.ofSeconds(5));
            }
            assertThat(registry.find(MicrometerObserver.HANDLER).tags("resource", "handled", "outcome", "success")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.find(MicrometerObserver.HANDLER).tags("resource", "handled", "outcome", "error")
                    .timer().count()).isGreaterThanOrEqualTo(1);
            assertThat(registry.find(MicrometerObserver.IN_FLIGHT).tag("resource", "handled").gauge().value())
                    .isEqualTo(0.0);
        }
    }
}

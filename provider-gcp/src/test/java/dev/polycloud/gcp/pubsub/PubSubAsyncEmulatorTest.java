package dev.polycloud.gcp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.GcpEmulators;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The asynchronous Pub/Sub calls run on the stubs' futures, not on a thread that waits for the
 * blocking call ({@code BlockingAsync}'s pool); checked on the emulator with a long poll, which
 * would hold such a thread for its whole wait.
 */
@DisplayName("Pub/Sub asynchronous calls on the emulator")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PubSubAsyncEmulatorTest {

    private Cloud cloud;

    @BeforeAll
    void open() {
        cloud = Polycloud.open(PolycloudConfig.builder().setAll(GcpEmulators.get().config()).build());
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** Threads of the blocking pool currently inside a Pub/Sub receiver call. */
    private static List<String> blockedReceivers() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("polycloud-blocking-async"))
                .filter(e -> Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().startsWith(PubSubReceiver.class.getName())))
                .map(Map.Entry::getKey).map(Thread::getName).toList();
    }

    @Test
    @DisplayName("a waiting async receive holds no thread, returns the message sent meanwhile, and acks it")
    void waitingReceive() throws Exception {
        Queue q = cloud.queue("async-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36))
                .create();
        try {
            CompletableFuture<List<ReceivedMessage>> pending = q.async().receive(1, Duration.ofSeconds(10));
            Thread.sleep(700);
            assertThat(pending).isNotDone();
            assertThat(blockedReceivers()).as("blocking-pool threads inside the receiver").isEmpty();

            String id = q.async().send("hello").get(30, TimeUnit.SECONDS);
            List<ReceivedMessage> got = pending.get(30, TimeUnit.SECONDS);
            if (got.isEmpty()) { // the emulator may end a waiting pull before the publish lands
                got = q.async().receive(1, Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            }
            assertThat(got).singleElement().satisfies(m -> {
                assertThat(m.id()).isEqualTo(id);
                assertThat(m.bodyAsString()).isEqualTo("hello");
            });
            q.async().ack(got.get(0)).get(30, TimeUnit.SECONDS);
            assertThat(q.receive(1, Duration.ofSeconds(2))).isEmpty();
        } finally {
            q.delete();
        }
    }
}

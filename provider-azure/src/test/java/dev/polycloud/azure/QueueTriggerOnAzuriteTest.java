package dev.polycloud.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.QueueMessageItem;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.azure.functions.FakeHost;
import dev.polycloud.azure.functions.HandlerFailedException;
import dev.polycloud.azure.functions.PolycloudAzure;
import dev.polycloud.azure.functions.TestHandlers;
import dev.polycloud.emulators.Azurite;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The queue-trigger path on a running Azurite: a message sent by the Azure queue driver is dequeued
 * with the Storage SDK the way the Functions host's queue trigger dequeues it (message text, id,
 * dequeue count), and handed to {@link PolycloudAzure#queue}; only the host itself is stood in for
 * (the {@link FakeHost.Context}).
 */
@DisplayName("Queue trigger adapter on Azurite")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueTriggerOnAzuriteTest {

    private Cloud cloud;

    @BeforeAll
    void open() {
        cloud = Polycloud.open(PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.connection-string", Azurite.shared().connectionString()).build());
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @BeforeEach
    void reset() {
        TestHandlers.Batches.SEEN.clear();
    }

    @Test
    @DisplayName("what the driver sent reaches the handler intact, and a redelivery carries the dequeue count")
    void sentByTheDriver() throws InterruptedException {
        Queue q = cloud.queue("trigger-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36))
                .create();
        try {
            byte[] body = new byte[256];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) i;
            }
            Instant before = Instant.now().minusSeconds(1);
            q.send(Message.builder().body(body).attribute("kind", "created ✓").attribute("fail", "yes").build());
            QueueClient raw = cloud.unwrap(QueueServiceClient.class).getQueueClient(q.name());

            QueueMessageItem first = raw.receiveMessage();
            assertThat(first).isNotNull();
            assertThatThrownBy(() -> PolycloudAzure.queue(q.name(), first.getBody().toString(), first.getMessageId(),
                    first.getDequeueCount(), new FakeHost.Context("worker"), TestHandlers.Batches.class))
                    .as("the handler reports the message failed: the host must see an exception")
                    .isInstanceOf(HandlerFailedException.class);
            ReceivedMessage m = TestHandlers.Batches.SEEN.get(0).messages().get(0);
            assertThat(m.id()).isEqualTo(first.getMessageId());
            assertThat(m.body()).isEqualTo(body);
            assertThat(m.attributes()).isEqualTo(Map.of("kind", "created ✓", "fail", "yes"));
            assertThat(m.deliveryCount()).isEqualTo(1);
            assertThat(m.sentAt()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
            assertThat(TestHandlers.Batches.SEEN.get(0).source()).isEqualTo("queue/" + q.name());

            // The host leaves a failed message to become visible again, then delivers it anew.
            raw.updateMessage(first.getMessageId(), first.getPopReceipt(), null, Duration.ZERO);
            QueueMessageItem second = null;
            for (int i = 0; i < 50 && second == null; i++) {
                second = raw.receiveMessage();
                if (second == null) {
                    Thread.sleep(100);
                }
            }
            assertThat(second).isNotNull();
            QueueMessageItem again = second;
            assertThatThrownBy(() -> PolycloudAzure.queue(q.name(), again.getBody().toString(), again.getMessageId(),
                    again.getDequeueCount(), new FakeHost.Context("worker"), TestHandlers.Batches.class))
                    .isInstanceOf(HandlerFailedException.class);
            assertThat(TestHandlers.Batches.SEEN.get(1).messages().get(0).deliveryCount()).isEqualTo(2);
        } finally {
            q.delete();
        }
    }
}

package dev.polycloud.azure.queues;

import dev.polycloud.azure.internal.AzureCapabilities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Storage Queue message envelope")
class QueueEnvelopeTest {

    private static final Instant SENT = Instant.parse("2025-01-02T03:04:05.678Z");

    @Test
    @DisplayName("body, attributes, ordering group and send time round-trip")
    void roundTrip() {
        byte[] body = {0, (byte) 0xFF, 'a', (byte) 0xC3};
        Message m = Message.builder().body(body).attribute("color", "rouge ✓ 日本").attribute("n", "1")
                .orderingGroup("g\"1\\").build();
        String text = QueueEnvelope.encode(m, SENT);
        QueueEnvelope.Content c = QueueEnvelope.decode(text);
        assertThat(c.body()).isEqualTo(body);
        assertThat(c.attributes()).isEqualTo(Map.of("color", "rouge ✓ 日本", "n", "1"));
        assertThat(c.orderingGroup()).contains("g\"1\\");
        assertThat(c.sentAt()).contains(SENT);
    }

    @Test
    @DisplayName("the text is one line of ASCII JSON, so its size in bytes is its length")
    void asciiJson() {
        String text = QueueEnvelope.encode(Message.builder().body("é").attribute("a", "ü\n<&>").build(), SENT);
        assertThat(text).startsWith("{\"pc\":1,\"t\":" + SENT.toEpochMilli());
        assertThat(text.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
        assertThat(text).doesNotContain("<", "&", ">");
    }

    @Test
    @DisplayName("the largest valid message, with the most attributes, fits Storage Queues' 64 KiB")
    void worstCaseFits() {
        Message.Builder b = Message.builder();
        int used = 0;
        for (int i = 0; i < AzureCapabilities.QUEUE_MAX_ATTRIBUTES; i++) {
            String name = "a" + i;
            String value = "\"".repeat(100);
            b.attribute(name, value);
            used += name.length() + value.length();
        }
        byte[] body = new byte[AzureCapabilities.QUEUE_MAX_MESSAGE_BYTES - used];
        Message m = b.body(body).orderingGroup("\\".repeat(128)).build();
        String text = QueueEnvelope.encode(m, Instant.ofEpochMilli(Long.MIN_VALUE));
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(QueueEnvelope.MAX_TEXT_BYTES);
    }

    @Test
    @DisplayName("a message sent by another tool is read as a plain UTF-8 body")
    void foreignText() {
        for (String text : new String[] {"hello", "{\"pc\":broken", "{\"other\":1}"}) {
            QueueEnvelope.Content c = QueueEnvelope.decode(text);
            assertThat(new String(c.body(), StandardCharsets.UTF_8)).isEqualTo(text);
            assertThat(c.attributes()).isEmpty();
            assertThat(c.sentAt()).isEmpty();
        }
    }
}

package dev.polycloud.aws.internal;

import dev.polycloud.aws.AwsCloudProvider;
import dev.polycloud.aws.sqs.SqsQueueDriver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

@DisplayName("Message bodies and attributes on SQS and SNS")
class MessageCodecTest {

    private static byte[] roundTrip(byte[] body) {
        return MessageCodec.decodeBody(MessageCodec.encodeBody(body));
    }

    @Nested
    @DisplayName("bodies")
    class Bodies {

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"hello", "héllo wörld ✓ 日本語 🎉 עברית", "tab\tnewline\nreturn\r", "{\"json\": true}",
                "<xml attr='1'>&amp;</xml>", "\uE000 private use, but not the marker", "\uFFFD replacement"})
        @DisplayName("safe text travels unchanged, so native consumers read it as is")
        void textUnchanged(String text) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            assertThat(MessageCodec.encodeBody(body)).isEqualTo(text);
            assertThat(roundTrip(body)).isEqualTo(body);
        }

        @Test
        @DisplayName("every byte value, invalid UTF-8 included, round-trips through the base64 form")
        void allBytes() {
            byte[] body = new byte[256 + 6];
            for (int i = 0; i < 256; i++) {
                body[i] = (byte) i;
            }
            byte[] invalid = {(byte) 0x80, (byte) 0xC3, (byte) 0x28, (byte) 0xC0, (byte) 0xAF, (byte) 0xED};
            System.arraycopy(invalid, 0, body, 256, invalid.length);
            String encoded = MessageCodec.encodeBody(body);
            assertThat(encoded).startsWith(MessageCodec.BINARY_MARKER);
            assertThat(roundTrip(body)).isEqualTo(body);
        }

        @ParameterizedTest(name = "U+{0}")
        @ValueSource(ints = {0x0, 0x1, 0x8, 0xB, 0xC, 0x1F, 0xFFFE, 0xFFFF})
        @DisplayName("valid UTF-8 with a character SQS refuses is encoded")
        void forbiddenCharacters(int codePoint) {
            byte[] body = ("a" + new String(Character.toChars(codePoint)) + "b").getBytes(StandardCharsets.UTF_8);
            assertThat(MessageCodec.encodeBody(body)).startsWith(MessageCodec.BINARY_MARKER);
            assertThat(roundTrip(body)).isEqualTo(body);
        }

        @Test
        @DisplayName("a CESU-encoded surrogate is not taken for text")
        void cesuSurrogate() {
            byte[] body = {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'};
            assertThat(MessageCodec.safeText(body)).isNull();
            assertThat(roundTrip(body)).isEqualTo(body);
        }

        @Test
        @DisplayName("text that itself starts with the marker is encoded, so decoding stays unambiguous")
        void textStartingWithMarker() {
            byte[] body = (MessageCodec.BINARY_MARKER + "AAEC").getBytes(StandardCharsets.UTF_8);
            assertThat(MessageCodec.encodeBody(body)).startsWith(MessageCodec.BINARY_MARKER)
                    .isNotEqualTo(new String(body, StandardCharsets.UTF_8));
            assertThat(roundTrip(body)).isEqualTo(body);
        }

        @Test
        @DisplayName("received text with the marker but no valid base64 is handed over unchanged")
        void foreignMarker() {
            String text = MessageCodec.BINARY_MARKER + "not base64!";
            assertThat(MessageCodec.decodeBody(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("random bodies round-trip byte-exact")
        void randomBodies() {
            Random random = new Random(42);
            for (int i = 0; i < 500; i++) {
                byte[] body = new byte[1 + random.nextInt(300)];
                random.nextBytes(body);
                assertThat(roundTrip(body)).as("body %d", i).isEqualTo(body);
            }
        }
    }

    @Nested
    @DisplayName("sizes")
    class Sizes {

        @Test
        @DisplayName("the worst case allowed by the declared limit fits SQS's 256 KiB: binary body and 10 attributes")
        void worstCaseFits() {
            int limit = MessageCodec.portableLimit(SqsQueueDriver.MAX_REQUEST_BYTES, 10);
            Map<String, String> attributes = new LinkedHashMap<>();
            int attributeBytes = 0;
            for (int i = 0; i < 10; i++) {
                attributes.put("a" + i, "v");
                attributeBytes += 3;
            }
            byte[] body = new byte[limit - attributeBytes];
            body[0] = (byte) 0xFF;
            int nativeSize = MessageCodec.nativeSize(MessageCodec.encodeBody(body), attributes);
            assertThat(nativeSize).isLessThanOrEqualTo(SqsQueueDriver.MAX_REQUEST_BYTES);
            byte[] allBody = new byte[limit];
            allBody[0] = (byte) 0xFF;
            assertThat(MessageCodec.nativeSize(MessageCodec.encodeBody(allBody), Map.of()))
                    .isLessThanOrEqualTo(SqsQueueDriver.MAX_REQUEST_BYTES);
        }

        @Test
        @DisplayName("topics keep room for the id attribute on top of the worst case")
        void topicWorstCaseFits() {
            int limit = AwsCloudProvider.CAPABILITIES.topics().limits().maxMessageBytes();
            int attributes = AwsCloudProvider.CAPABILITIES.topics().limits().maxAttributes();
            Map<String, String> withId = new LinkedHashMap<>();
            int attributeBytes = 0;
            for (int i = 0; i < attributes; i++) {
                withId.put("a" + i, "v");
                attributeBytes += 3;
            }
            withId.put(MessageCodec.ID_ATTRIBUTE, "00000000-0000-0000-0000-000000000000");
            byte[] body = new byte[limit - attributeBytes];
            body[0] = (byte) 0xFF;
            assertThat(MessageCodec.nativeSize(MessageCodec.encodeBody(body), withId))
                    .isLessThanOrEqualTo(SqsQueueDriver.MAX_REQUEST_BYTES);
            assertThat(attributes + 1).as("attributes on the delivered SQS message").isLessThanOrEqualTo(10);
        }

        @Test
        @DisplayName("native size counts UTF-8 bytes of body, names, the String data type and values")
        void nativeSize() {
            assertThat(MessageCodec.nativeSize("é🎉", Map.of("k", "ü"))).isEqualTo(2 + 4 + 1 + 6 + 2);
        }
    }

    @Nested
    @DisplayName("attributes")
    class Attributes {

        @Test
        @DisplayName("string and number attributes are read as text; binary and reserved ones are left out")
        void received() {
            Map<String, MessageAttributeValue> received = new LinkedHashMap<>();
            received.put("s", MessageAttributeValue.builder().dataType("String").stringValue("text").build());
            received.put("n", MessageAttributeValue.builder().dataType("Number").stringValue("42").build());
            received.put("custom", MessageAttributeValue.builder().dataType("String.json").stringValue("{}").build());
            received.put("b", MessageAttributeValue.builder().dataType("Binary")
                    .binaryValue(SdkBytes.fromByteArray(new byte[] {1})).build());
            received.put(MessageCodec.ID_ATTRIBUTE, MessageAttributeValue.builder().dataType("String")
                    .stringValue("id").build());
            assertThat(MessageCodec.portableAttributes(received))
                    .containsExactly(Map.entry("s", "text"), Map.entry("n", "42"), Map.entry("custom", "{}"));
        }

        @Test
        @DisplayName("sent attributes are String attributes, in order")
        void sent() {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("b", "2");
            attributes.put("a", "1");
            assertThat(MessageCodec.sqsAttributes(attributes)).containsExactly(
                    Map.entry("b", MessageAttributeValue.builder().dataType("String").stringValue("2").build()),
                    Map.entry("a", MessageAttributeValue.builder().dataType("String").stringValue("1").build()));
            assertThat(MessageCodec.snsAttributes(attributes).get("a").dataType()).isEqualTo("String");
        }
    }
}

package dev.polycloud.azure.queues;

import dev.polycloud.azure.internal.AzureCapabilities;
import dev.polycloud.azure.internal.AzureErrors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The text of a Storage Queue message written by Polycloud: a one-line ASCII JSON object
 * carrying what a Storage Queue message cannot (attributes, ordering group, a millisecond send
 * time) around the base64 body:
 * <pre>
 * {"pc":1,"t":1735689600123,"g":"group","a":{"name":"base64 value"},"b":"base64 body"}
 * </pre>
 * Attribute values are base64 as well, so the text is pure ASCII and its size is known exactly:
 * at most {@code 4/3 (body + names + values) + 10 per attribute + 340} bytes. With the declared
 * {@link AzureCapabilities#QUEUE_MAX_MESSAGE_BYTES} of 48,000 bytes and at most
 * {@link AzureCapabilities#QUEUE_MAX_ATTRIBUTES} attributes, every valid message fits Storage
 * Queues' 64 KiB message limit. Text that is not such an envelope (a message sent by another
 * tool) is read as a plain UTF-8 body.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class QueueEnvelope {

    /** Storage Queues' limit on the message text, in bytes. */
    static final int MAX_TEXT_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private QueueEnvelope() {
    }

    /**
     * A decoded envelope.
     *
     * @param body the body bytes
     * @param attributes the attributes
     * @param orderingGroup the ordering group, if any
     * @param sentAt the send time, if recorded
     */
    public record Content(byte[] body, Map<String, String> attributes, Optional<String> orderingGroup,
                   Optional<Instant> sentAt) {
    }

    /**
     * Encodes a message.
     *
     * @param message a validated message
     * @param sentAt the send time to record
     * @return the message text
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} if the text would exceed 64 KiB (a
     *                        declared-limit bug; never for messages within the declared limits)
     */
    public static String encode(Message message, Instant sentAt) {
        StringBuilder s = new StringBuilder(message.bodySize() * 4 / 3 + 64);
        s.append("{\"pc\":1,\"t\":").append(sentAt.toEpochMilli());
        message.orderingGroup().ifPresent(g -> s.append(",\"g\":").append(quote(g)));
        if (!message.attributes().isEmpty()) {
            s.append(",\"a\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : message.attributes().entrySet()) {
                if (!first) {
                    s.append(',');
                }
                first = false;
                s.append(quote(e.getKey())).append(":\"")
                        .append(B64.encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))).append('"');
            }
            s.append('}');
        }
        s.append(",\"b\":\"").append(B64.encodeToString(message.body())).append("\"}");
        if (s.length() > MAX_TEXT_BYTES) {
            throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Message encodes to " + s.length()
                    + " bytes, over Azure Storage Queues' 64 KiB limit", AzureErrors.PROVIDER, null, null);
        }
        return s.toString();
    }

    /**
     * Decodes a message text.
     *
     * @param text the message text
     * @return the content; a text that is not an envelope is the UTF-8 body itself
     */
    public static Content decode(String text) {
        if (text.startsWith("{\"pc\":")) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node.path("pc").asInt() == 1 && node.path("b").isTextual()) {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    JsonNode a = node.path("a");
                    for (Map.Entry<String, JsonNode> e : a.properties()) {
                        attributes.put(e.getKey(), new String(B64D.decode(e.getValue().asText()), StandardCharsets.UTF_8));
                    }
                    Optional<String> group = node.path("g").isTextual() ? Optional.of(node.path("g").asText())
                            : Optional.empty();
                    Optional<Instant> sentAt = node.path("t").isNumber()
                            ? Optional.of(Instant.ofEpochMilli(node.path("t").asLong())) : Optional.empty();
                    return new Content(B64D.decode(node.path("b").asText()), attributes, group, sentAt);
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                // Not an envelope after all: fall through to the plain text body.
            }
        }
        return new Content(text.getBytes(StandardCharsets.UTF_8), Map.of(), Optional.empty(), Optional.empty());
    }

    private static String quote(String ascii) {
        StringBuilder b = new StringBuilder(ascii.length() + 2).append('"');
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            if (c < 0x20 || c > 0x7E) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

package dev.polycloud.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.internal.GatewayHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How a portable payload travels through Lambda's {@code Invoke}, which only accepts JSON: the
 * Polycloud driver wraps every payload as {@code {"polycloud-payload":{"text":"..."}}} (valid UTF-8,
 * when that is not longer than base64) or {@code {"polycloud-payload":{"base64":"..."}}} (anything
 * else), and the adapter answers an enveloped request with an enveloped response. Any byte
 * sequence, the empty one included, round-trips exactly. A request that is not an envelope (a
 * native event, or JSON sent by another tool) is handled by the adapter as what it is.
 *
 * <p>The worst case is base64: a payload of {@code n} bytes becomes {@code 4 * ceil(n / 3)} plus
 * {@value #OVERHEAD} bytes, which is why the provider declares a smaller {@code maxPayloadBytes}
 * than Lambda's 6 MB request limit.
 */
public final class PayloadEnvelope {

    /** The one field of an envelope. */
    public static final String FIELD = "polycloud-payload";
    /** The bytes an envelope adds around the base64 text, at most. */
    public static final int OVERHEAD = 32;

    /** The length of {@code {"polycloud-payload":{"base64":""}}}. */
    private static final int BASE64_FRAME = 35;
    private static final String TEXT = "text";
    private static final String BASE64 = "base64";

    private PayloadEnvelope() {
    }

    /**
     * Wraps a payload.
     *
     * @param payload the raw payload
     * @return the envelope's JSON bytes
     */
    public static byte[] wrap(byte[] payload) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode inner = root.putObject(FIELD);
        int base64Length = 4 * ((payload.length + 2) / 3);
        String text = GatewayHttp.strictUtf8(payload).orElse(null);
        if (text != null) {
            inner.put(TEXT, text);
            byte[] asText = write(root);
            if (asText.length <= base64Length + BASE64_FRAME) {
                return asText;
            }
            inner.remove(TEXT);
        }
        inner.put(BASE64, Base64.getEncoder().encodeToString(payload));
        return write(root);
    }

    /**
     * Unwraps an envelope.
     *
     * @param json bytes that may be an envelope
     * @return the payload, or empty when the bytes are not an envelope
     */
    public static Optional<byte[]> unwrap(byte[] json) {
        if (json.length < FIELD.length() || json[0] != '{') {
            return Optional.empty();
        }
        try {
            return unwrap(PayloadCodec.mapper().readTree(json));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Unwraps a parsed envelope.
     *
     * @param node a JSON node that may be an envelope
     * @return the payload, or empty when it is not an envelope
     */
    public static Optional<byte[]> unwrap(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            return Optional.empty();
        }
        JsonNode inner = node.get(FIELD);
        if (inner == null || !inner.isObject() || inner.size() != 1) {
            return Optional.empty();
        }
        JsonNode text = inner.get(TEXT);
        if (text != null && text.isTextual()) {
            return Optional.of(text.textValue().getBytes(StandardCharsets.UTF_8));
        }
        JsonNode base64 = inner.get(BASE64);
        if (base64 != null && base64.isTextual()) {
            try {
                return Optional.of(Base64.getDecoder().decode(base64.textValue()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The largest payload whose envelope is sure to fit a limit.
     *
     * @param limit the native limit on the envelope, in bytes
     * @return the largest raw payload, in bytes
     */
    public static int largestPayload(int limit) {
        return (limit - OVERHEAD) / 4 * 3;
    }

    private static byte[] write(JsonNode node) {
        try {
            return PayloadCodec.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

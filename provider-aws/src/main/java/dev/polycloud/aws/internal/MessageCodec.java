package dev.polycloud.aws.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * How message bodies and attributes travel through SQS and SNS.
 *
 * <p>Portable bodies are arbitrary bytes, but SQS and SNS bodies are text restricted to the XML
 * character set ({@code #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF}). A body
 * that is valid UTF-8 made only of those characters travels unchanged, so native consumers
 * (a Lambda function, the console, another SDK) see plain text. Any other body travels as
 * {@value #BINARY_MARKER} followed by its base64: the marker starts with the private-use character
 * U+E000, which text practically never starts with; a text body that does start with the marker
 * is itself sent encoded, so decoding is unambiguous. The marker costs no message attribute, so
 * all ten SQS/SNS attributes stay available to applications.
 *
 * <p>Attributes travel as SQS/SNS {@code String} attributes. Received {@code Number} attributes are
 * read as their text; {@code Binary} attributes (which Polycloud never sends) are skipped. Names
 * starting with {@value #RESERVED_PREFIX} are the driver's own (the portable layer refuses them
 * from applications) and are not handed to the application: a message published on a topic
 * carries its portable id in {@value #ID_ATTRIBUTE}, because SQS gives the delivered copy its own
 * message id and raw delivery does not pass SNS's on.
 *
 * <p>Sizes: SQS and SNS count the body's UTF-8 bytes plus, per attribute, its name, its data type
 * ({@code String}, 6 bytes) and its value. {@link #portableLimit(int, int)} turns the native limit
 * into the limit declared to the portable layer (which counts body plus names and values) so that
 * every message the portable layer accepts fits, even a binary body that grows by a third.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class MessageCodec {

    /** The prefix of a base64-encoded body. */
    public static final String BINARY_MARKER = "\uE000pcb64:";
    /** The prefix of attribute names used by the driver itself. */
    static final String RESERVED_PREFIX = "polycloud.";
    /** The attribute carrying a published message's portable id. */
    public static final String ID_ATTRIBUTE = "polycloud.id";
    /** The native bytes of the id attribute: its name, data type and a UUID. */
    public static final int ID_ATTRIBUTE_BYTES = ID_ATTRIBUTE.length() + 6 + 36;
    /** The data type of every attribute Polycloud sends. */
    static final String STRING_TYPE = "String";

    private static final int MARKER_BYTES = BINARY_MARKER.getBytes(StandardCharsets.UTF_8).length;

    private MessageCodec() {
    }

    /**
     * The largest portable message (body plus attribute names and values) that is sure to fit a
     * native limit once encoded: the worst case is an all-binary body (base64 plus the marker) with
     * the most attributes (each adding its 6-byte data type).
     *
     * @param nativeLimit the native limit in bytes (262,144 for SQS and SNS)
     * @param maxAttributes the most attributes per message
     * @return the portable limit
     */
    public static int portableLimit(int nativeLimit, int maxAttributes) {
        int room = nativeLimit - MARKER_BYTES - maxAttributes * STRING_TYPE.length();
        return room / 4 * 3;
    }

    /**
     * Encodes a body as SQS/SNS text.
     *
     * @param body the bytes
     * @return the text: the body itself when it is safe text, else the marker and its base64
     */
    public static String encodeBody(byte[] body) {
        String text = safeText(body);
        if (text != null && !text.startsWith(BINARY_MARKER)) {
            return text;
        }
        return BINARY_MARKER + Base64.getEncoder().encodeToString(body);
    }

    /**
     * Decodes SQS/SNS text back to the body bytes.
     *
     * @param text the received text
     * @return the bytes
     */
    public static byte[] decodeBody(String text) {
        if (text.startsWith(BINARY_MARKER)) {
            try {
                return Base64.getDecoder().decode(text.substring(BINARY_MARKER.length()));
            } catch (IllegalArgumentException e) {
                // not ours after all: fall through and hand the text over unchanged
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The size SQS and SNS count for an encoded message.
     *
     * @param encodedBody the encoded body
     * @param attributes the attributes
     * @return the native size in bytes
     */
    public static int nativeSize(String encodedBody, Map<String, String> attributes) {
        int size = utf8Length(encodedBody);
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            size += utf8Length(e.getKey()) + STRING_TYPE.length() + utf8Length(e.getValue());
        }
        return size;
    }

    /**
     * The SQS message attributes of portable attributes.
     *
     * @param attributes the portable attributes
     * @return the SQS attributes
     */
    public static Map<String, MessageAttributeValue> sqsAttributes(Map<String, String> attributes) {
        Map<String, MessageAttributeValue> map = new LinkedHashMap<>();
        attributes.forEach((k, v) -> map.put(k, MessageAttributeValue.builder().dataType(STRING_TYPE).stringValue(v)
                .build()));
        return map;
    }

    /**
     * The SNS message attributes of portable attributes.
     *
     * @param attributes the portable attributes
     * @return the SNS attributes
     */
    public static Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> snsAttributes(
            Map<String, String> attributes) {
        Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> map = new LinkedHashMap<>();
        attributes.forEach((k, v) -> map.put(k, software.amazon.awssdk.services.sns.model.MessageAttributeValue
                .builder().dataType(STRING_TYPE).stringValue(v).build()));
        return map;
    }

    /**
     * The portable attributes of received SQS attributes.
     *
     * @param received the SQS message attributes
     * @return the string-valued ones
     */
    public static Map<String, String> portableAttributes(Map<String, MessageAttributeValue> received) {
        Map<String, String> map = new LinkedHashMap<>();
        received.forEach((k, v) -> {
            if (!k.startsWith(RESERVED_PREFIX) && v.stringValue() != null && v.dataType() != null && !v.dataType().startsWith("Binary")) {
                map.put(k, v.stringValue());
            }
        });
        return map;
    }

    /**
     * The body as text when it is valid UTF-8 made only of characters SQS and SNS accept.
     *
     * @param body the bytes
     * @return the text, or null
     */
    static String safeText(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(body));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!allowed(cp)) {
                return null;
            }
            i += Character.charCount(cp);
        }
        return text;
    }

    private static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}

package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.message.Message;
import dev.polycloud.message.MessageLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The portable checks of outgoing messages and leases, shared by queues and topics. Every
 * check happens before any network call and fails with
 * {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming the argument and the limit.
 *
 * <p>Rules (the subset every cloud accepts): the body is not empty; attribute names are 1 to
 * 128 ASCII letters, digits, {@code _ - .}, start with a letter and do not start with
 * {@code aws.}, {@code amazon.}, {@code goog} or {@code polycloud}; attribute values are
 * non-empty text without control characters other than tab, CR and LF; body plus attributes
 * fit {@code maxMessageBytes}; ordering groups and deduplication ids are 1 to 128 printable
 * ASCII characters.
 *
 * <p>The checks run on every send, so they are written as plain loops: no regular expression, no
 * lower-cased copy of a name, and the UTF-8 size of an attribute value is counted in the same pass
 * that checks its characters.
 */
public final class MessageValidator {

    private static final int MAX_NAME = 128;
    private static final int MAX_TOKEN = 128;
    private static final String[] RESERVED = {"aws.", "amazon.", "goog", "polycloud"};

    private MessageValidator() {
    }

    /**
     * Checks one message against the limits.
     *
     * @param resource the target, for messages (for example {@code "queue orders"})
     * @param message the message
     * @param limits the provider's limits
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when a rule is broken
     */
    public static void validate(String resource, Message message, MessageLimits limits) {
        if (message == null) {
            throw CloudException.invalidArgument("Message for " + resource + " must not be null");
        }
        if (message.bodySize() == 0) {
            throw CloudException.invalidArgument("Message body for " + resource + " must not be empty");
        }
        Map<String, String> attributes = message.attributes();
        if (attributes.size() > limits.maxAttributes()) {
            throw CloudException.invalidArgument("Message for " + resource + " has " + attributes.size()
                    + " attributes, over the provider's maxAttributes of " + limits.maxAttributes());
        }
        long size = message.bodySize();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            String name = e.getKey();
            attributeName(name);
            // a valid name is ASCII: one byte per character
            size += name.length() + attributeValue(name, e.getValue());
        }
        if (size > limits.maxMessageBytes()) {
            throw CloudException.invalidArgument("Message for " + resource + " is " + size
                    + " bytes (body plus attributes), over the provider's maxMessageBytes of " + limits.maxMessageBytes());
        }
        String group = message.orderingGroup().orElse(null);
        if (group != null) {
            token("orderingGroup", group);
        }
        String deduplicationId = message.deduplicationId().orElse(null);
        if (deduplicationId != null) {
            token("deduplicationId", deduplicationId);
        }
        Duration delay = message.delay().orElse(null);
        if (delay != null && delay.isNegative()) {
            throw CloudException.invalidArgument("Message delay must not be negative (found " + delay + ")");
        }
    }

    /**
     * Checks a batch: not empty, no more than {@code maxTotal}, each message valid.
     *
     * @param resource the target
     * @param messages the batch
     * @param limits the provider's limits
     * @param maxTotal the most messages in one portable batch
     */
    public static void validateBatch(String resource, List<Message> messages, MessageLimits limits, int maxTotal) {
        if (messages == null || messages.isEmpty()) {
            throw CloudException.invalidArgument("A batch for " + resource + " needs at least one message");
        }
        if (messages.size() > maxTotal) {
            throw CloudException.invalidArgument("A batch for " + resource + " holds at most " + maxTotal
                    + " messages (found " + messages.size() + ")");
        }
        for (Message m : messages) {
            validate(resource, m, limits);
        }
    }

    /**
     * Checks a lease duration.
     *
     * @param lease the lease
     * @param limits the provider's limits
     */
    public static void lease(Duration lease, MessageLimits limits) {
        if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(limits.maxLease()) > 0) {
            throw CloudException.invalidArgument("Lease must be from 1 second to the provider's maxLease of "
                    + limits.maxLease() + " (found " + lease + ")");
        }
    }

    private static void attributeName(String name) {
        if (!isAttributeName(name)) {
            throw CloudException.invalidArgument("Attribute name '" + name
                    + "' must be 1 to 128 ASCII letters, digits, '_', '-' or '.', starting with a letter");
        }
        for (String prefix : RESERVED) {
            // the name is ASCII here, so ignoring case is the same as comparing its lower-case form
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                throw CloudException.invalidArgument("Attribute name '" + name + "' uses the reserved prefix '"
                        + prefix + "'");
            }
        }
    }

    /** {@code [A-Za-z][A-Za-z0-9_.-]{0,127}}. */
    private static boolean isAttributeName(String name) {
        int n = name.length();
        if (n == 0 || n > MAX_NAME || !isAsciiLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = name.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /**
     * Checks an attribute value and answers its size in UTF-8 bytes (counted in the same pass; a valid
     * value has no unpaired surrogate, so the count is exact).
     */
    private static int attributeValue(String name, String value) {
        if (value.isEmpty()) {
            throw CloudException.invalidArgument("Attribute '" + name + "' must not have an empty value");
        }
        int bytes = 0;
        for (int i = 0, n = value.length(); i < n; ) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                bytes++;
                i++;
                continue;
            }
            int cp = value.codePointAt(i);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!ok) {
                throw CloudException.invalidArgument("Attribute '" + name
                        + "' has a control character or unpaired surrogate at index " + i);
            }
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return bytes;
    }

    /** {@code [\x21-\x7E]{1,128}}. */
    private static void token(String what, String value) {
        int n = value.length();
        boolean ok = n >= 1 && n <= MAX_TOKEN;
        for (int i = 0; ok && i < n; i++) {
            char c = value.charAt(i);
            ok = c >= 0x21 && c <= 0x7E;
        }
        if (!ok) {
            throw CloudException.invalidArgument(what + " must be 1 to 128 printable ASCII characters (found '"
                    + value + "')");
        }
    }
}

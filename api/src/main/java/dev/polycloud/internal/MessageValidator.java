package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.message.Message;
import dev.polycloud.message.MessageLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

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
 */
public final class MessageValidator {

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]{0,127}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final List<String> RESERVED = List.of("aws.", "amazon.", "goog", "polycloud");

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
            attributeName(e.getKey());
            attributeValue(e.getKey(), e.getValue());
            size += utf8(e.getKey()) + utf8(e.getValue());
        }
        if (size > limits.maxMessageBytes()) {
            throw CloudException.invalidArgument("Message for " + resource + " is " + size
                    + " bytes (body plus attributes), over the provider's maxMessageBytes of " + limits.maxMessageBytes());
        }
        message.orderingGroup().ifPresent(g -> token("orderingGroup", g));
        message.deduplicationId().ifPresent(d -> token("deduplicationId", d));
        message.delay().ifPresent(d -> {
            if (d.isNegative()) {
                throw CloudException.invalidArgument("Message delay must not be negative (found " + d + ")");
            }
        });
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
        messages.forEach(m -> validate(resource, m, limits));
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
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            throw CloudException.invalidArgument("Attribute name '" + name
                    + "' must be 1 to 128 ASCII letters, digits, '_', '-' or '.', starting with a letter");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String prefix : RESERVED) {
            if (lower.startsWith(prefix)) {
                throw CloudException.invalidArgument("Attribute name '" + name + "' uses the reserved prefix '"
                        + prefix + "'");
            }
        }
    }

    private static void attributeValue(String name, String value) {
        if (value.isEmpty()) {
            throw CloudException.invalidArgument("Attribute '" + name + "' must not have an empty value");
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!ok) {
                throw CloudException.invalidArgument("Attribute '" + name
                        + "' has a control character or unpaired surrogate at index " + i);
            }
            i += Character.charCount(cp);
        }
    }

    private static void token(String what, String value) {
        if (!TOKEN.matcher(value).matches()) {
            throw CloudException.invalidArgument(what + " must be 1 to 128 printable ASCII characters (found '"
                    + value + "')");
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

package dev.polycloud.message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to send to a queue or publish on a topic: an immutable value built with {@link #builder()}.
 *
 * <p>The body is bytes (any bytes, not only UTF-8; text helpers encode UTF-8) and must not be
 * empty. Attributes are string pairs. The optional delay, ordering group and deduplication id
 * are honoured only where the provider declares the capability; otherwise the send fails with
 * {@link dev.polycloud.ErrorCode#UNIMPLEMENTED}. Limits (body size, attribute count, delay)
 * are checked by the portable layer before any network call.
 */
public final class Message {

    private final byte[] body;
    private final Map<String, String> attributes;
    private final Duration delay;
    private final String orderingGroup;
    private final String deduplicationId;

    private Message(Builder b) {
        this.body = Objects.requireNonNull(b.body, "body").clone();
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.delay = b.delay;
        this.orderingGroup = b.orderingGroup;
        this.deduplicationId = b.deduplicationId;
    }

    /**
     * A message with a UTF-8 text body and nothing else.
     *
     * @param text the body
     * @return the message
     */
    public static Message of(String text) {
        return builder().body(text).build();
    }

    /**
     * A message with a binary body and nothing else.
     *
     * @param body the body bytes (copied)
     * @return the message
     */
    public static Message of(byte[] body) {
        return builder().body(body).build();
    }

    /**
     * Starts a message.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset with this message's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder().body(body).attributes(attributes);
        b.delay = delay;
        b.orderingGroup = orderingGroup;
        b.deduplicationId = deduplicationId;
        return b;
    }

    /**
     * The body.
     *
     * @return a copy of the body bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body decoded as UTF-8.
     *
     * @return the text
     */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body length without copying it.
     *
     * @return the number of body bytes
     */
    public int bodySize() {
        return body.length;
    }

    /**
     * The attributes.
     *
     * @return an unmodifiable map in insertion order
     */
    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * How long after sending the message becomes visible.
     *
     * @return the delay, or empty for immediately
     */
    public Optional<Duration> delay() {
        return Optional.ofNullable(delay);
    }

    /**
     * The FIFO ordering group: messages of one group are delivered in send order, and none is
     * delivered while an earlier message of its group is leased (one receive may return several
     * messages of a group, in order).
     *
     * @return the group, or empty
     */
    public Optional<String> orderingGroup() {
        return Optional.ofNullable(orderingGroup);
    }

    /**
     * The deduplication id: a second message with the same id sent within the provider's
     * deduplication window (five minutes on every provider that declares the capability) is dropped.
     *
     * @return the id, or empty
     */
    public Optional<String> deduplicationId() {
        return Optional.ofNullable(deduplicationId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && Arrays.equals(body, m.body) && attributes.equals(m.attributes)
                && Objects.equals(delay, m.delay) && Objects.equals(orderingGroup, m.orderingGroup)
                && Objects.equals(deduplicationId, m.deduplicationId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), attributes, delay, orderingGroup, deduplicationId);
    }

    @Override
    public String toString() {
        return "Message[bodyBytes=" + body.length + ", attributes=" + attributes.keySet()
                + (delay != null ? ", delay=" + delay : "")
                + (orderingGroup != null ? ", orderingGroup=" + orderingGroup : "")
                + (deduplicationId != null ? ", deduplicationId=" + deduplicationId : "") + "]";
    }

    /** Builds a {@link Message}. */
    public static final class Builder {
        private byte[] body;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private Duration delay;
        private String orderingGroup;
        private String deduplicationId;

        private Builder() {
        }

        /**
         * Sets a binary body.
         *
         * @param body the bytes (copied)
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body").clone();
            return this;
        }

        /**
         * Sets a UTF-8 text body.
         *
         * @param text the text
         * @return this builder
         * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when the text
         *                                      has an unpaired UTF-16 surrogate (it has no UTF-8 form)
         */
        public Builder body(String text) {
            dev.polycloud.internal.Utf16.check("The message body", Objects.requireNonNull(text, "text"));
            this.body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Adds or replaces one attribute.
         *
         * @param name the attribute name
         * @param value the attribute value
         * @return this builder
         */
        public Builder attribute(String name, String value) {
            attributes.put(Objects.requireNonNull(name, "attribute name"),
                    Objects.requireNonNull(value, () -> "value of attribute " + name));
            return this;
        }

        /**
         * Adds or replaces several attributes.
         *
         * @param values names and values
         * @return this builder
         */
        public Builder attributes(Map<String, String> values) {
            values.forEach(this::attribute);
            return this;
        }

        /**
         * Delays delivery.
         *
         * @param delay how long after sending the message becomes visible; null for none
         * @return this builder
         */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /**
         * Puts the message in a FIFO ordering group.
         *
         * @param group the group; null for none
         * @return this builder
         */
        public Builder orderingGroup(String group) {
            this.orderingGroup = group;
            return this;
        }

        /**
         * Sets the deduplication id.
         *
         * @param id the id; null for none
         * @return this builder
         */
        public Builder deduplicationId(String id) {
            this.deduplicationId = id;
            return this;
        }

        /**
         * Builds the message.
         *
         * @return the message
         * @throws NullPointerException when no body was set
         */
        public Message build() {
            return new Message(this);
        }
    }
}

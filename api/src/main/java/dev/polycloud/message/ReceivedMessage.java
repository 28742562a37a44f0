package dev.polycloud.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message handed out by a receive, leased to the receiver until it is acked, nacked or the
 * lease ends.
 *
 * @param id the message id assigned when it was sent (stable across redeliveries)
 * @param body the body bytes (the accessor returns a copy)
 * @param attributes the attributes sent with it
 * @param deliveryCount how many times it has been delivered, this time included (1 the first time)
 * @param sentAt when it was sent, as the provider recorded it
 * @param orderingGroup its FIFO ordering group, if any
 * @param receipt the opaque lease handle used by ack, nack and extend; valid only for this delivery
 */
public record ReceivedMessage(
        String id,
        byte[] body,
        Map<String, String> attributes,
        int deliveryCount,
        Instant sentAt,
        Optional<String> orderingGroup,
        String receipt) {

    /**
     * Validates and copies the components.
     *
     * @param id see the record description
     * @param body see the record description
     * @param attributes see the record description
     * @param deliveryCount see the record description
     * @param sentAt see the record description
     * @param orderingGroup see the record description
     * @param receipt see the record description
     * @throws NullPointerException for a null component
     */
    public ReceivedMessage {
        Objects.requireNonNull(id, "id");
        body = Objects.requireNonNull(body, "body").clone();
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(orderingGroup, "orderingGroup");
        Objects.requireNonNull(receipt, "receipt");
    }

    /**
     * The body.
     *
     * @return a copy of the body bytes
     */
    @Override
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
     * The message as it could be sent again (body, attributes and ordering group), for example
     * to move it to a dead-letter queue.
     *
     * @return a message with the same content
     */
    public Message toMessage() {
        return Message.builder().body(body).attributes(attributes).orderingGroup(orderingGroup.orElse(null)).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage m && id.equals(m.id) && Arrays.equals(body, m.body)
                && attributes.equals(m.attributes) && deliveryCount == m.deliveryCount && sentAt.equals(m.sentAt)
                && orderingGroup.equals(m.orderingGroup) && receipt.equals(m.receipt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(body), attributes, deliveryCount, sentAt, orderingGroup, receipt);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[id=" + id + ", bodyBytes=" + body.length + ", attributes=" + attributes.keySet()
                + ", deliveryCount=" + deliveryCount + ", sentAt=" + sentAt
                + orderingGroup.map(g -> ", orderingGroup=" + g).orElse("") + "]";
    }
}

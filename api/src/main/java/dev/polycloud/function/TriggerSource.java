package dev.polycloud.function;

import dev.polycloud.internal.Names;
import java.util.Objects;
import java.util.Optional;

/**
 * What feeds a trigger: a queue, a topic subscription, or a table's change stream.
 *
 * @param kind the kind of source
 * @param name the queue, topic or table name
 * @param subscription the subscription name, present only for {@link Kind#SUBSCRIPTION}
 */
public record TriggerSource(Kind kind, String name, Optional<String> subscription) {

    /** The kinds of trigger source. */
    public enum Kind {
        /** Messages of a queue. */
        QUEUE,
        /** Messages of a topic subscription. */
        SUBSCRIPTION,
        /** Changes of a table's items. */
        TABLE
    }

    /**
     * Checks the components.
     *
     * @param kind see the record description
     * @param name see the record description
     * @param subscription see the record description
     */
    public TriggerSource {
        Objects.requireNonNull(kind, "kind");
        Names.validate(kind == Kind.SUBSCRIPTION ? "topic" : kind.name().toLowerCase(java.util.Locale.ROOT), name);
        subscription = subscription == null ? Optional.empty() : subscription;
        if ((kind == Kind.SUBSCRIPTION) != subscription.isPresent()) {
            throw dev.polycloud.CloudException.invalidArgument("Only a SUBSCRIPTION source names a subscription");
        }
        subscription.ifPresent(s -> Names.validate("subscription", s));
    }

    /**
     * A queue source.
     *
     * @param queue the queue name
     * @return the source
     */
    public static TriggerSource queue(String queue) {
        return new TriggerSource(Kind.QUEUE, queue, Optional.empty());
    }

    /**
     * A subscription source.
     *
     * @param topic the topic name
     * @param subscription the subscription name
     * @return the source
     */
    public static TriggerSource subscription(String topic, String subscription) {
        return new TriggerSource(Kind.SUBSCRIPTION, topic, Optional.of(subscription));
    }

    /**
     * A table change-stream source.
     *
     * @param table the table name
     * @return the source
     */
    public static TriggerSource table(String table) {
        return new TriggerSource(Kind.TABLE, table, Optional.empty());
    }

    /**
     * The source as it appears in {@link MessageBatch#source()}.
     *
     * @return e.g. {@code queue/orders} or {@code subscription/events/audit}
     */
    public String path() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + name + subscription.map(s -> "/" + s).orElse("");
    }
}

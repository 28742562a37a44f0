package dev.polycloud.function;

import dev.polycloud.blob.BlobEventFilter;
import dev.polycloud.internal.Names;
import dev.polycloud.CloudException;
import java.util.Objects;
import java.util.Optional;

/**
 * What feeds a trigger: a queue, a topic subscription, a table's change stream, a schedule, or a bucket's object
 * events.
 *
 * @param kind the kind of source
 * @param name the queue, topic, table, schedule or bucket name (empty only for a schedule not yet named:
 *             {@link Functions#bind} names it after the function)
 * @param subscription the subscription name, present only for {@link Kind#SUBSCRIPTION}
 * @param schedule the schedule, present only for {@link Kind#SCHEDULE}
 * @param bucketFilter which object events are delivered, present only for {@link Kind#BUCKET}
 */
public record TriggerSource(Kind kind, String name, Optional<String> subscription, Optional<Schedule> schedule,
                            Optional<BlobEventFilter> bucketFilter) {

    /** The kinds of trigger source. */
    public enum Kind {
        /** Messages of a queue. */
        QUEUE,
        /** Messages of a topic subscription. */
        SUBSCRIPTION,
        /** Changes of a table's items. */
        TABLE,
        /** Runs on a {@link Schedule}. */
        SCHEDULE,
        /**
         * Object events of a bucket ({@link TriggerSource#bucket(String, BlobEventFilter)}); the function receives
         * a {@link BlobEventBatch}.
         */
        BUCKET
    }

    /**
     * A queue, subscription or table source.
     *
     * @param kind see the record description
     * @param name see the record description
     * @param subscription see the record description
     */
    public TriggerSource(Kind kind, String name, Optional<String> subscription) {
        this(kind, name, subscription, Optional.empty(), Optional.empty());
    }

    /**
     * A queue, subscription, table or schedule source.
     *
     * @param kind see the record description
     * @param name see the record description
     * @param subscription see the record description
     * @param schedule see the record description
     */
    public TriggerSource(Kind kind, String name, Optional<String> subscription, Optional<Schedule> schedule) {
        this(kind, name, subscription, schedule, Optional.empty());
    }

    /**
     * Checks the components.
     *
     * @param kind see the record description
     * @param name see the record description
     * @param subscription see the record description
     * @param schedule see the record description
     * @param bucketFilter see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a bad name or a component that
     *                        does not belong to the kind
     */
    public TriggerSource {
        Objects.requireNonNull(kind, "kind");
        schedule = schedule == null ? Optional.empty() : schedule;
        bucketFilter = bucketFilter == null ? Optional.empty() : bucketFilter;
        if ((kind == Kind.BUCKET) != bucketFilter.isPresent()) {
            throw dev.polycloud.CloudException.invalidArgument("Only a BUCKET source has a bucket event filter");
        }
        if ((kind == Kind.SCHEDULE) != schedule.isPresent()) {
            throw dev.polycloud.CloudException.invalidArgument("Only a SCHEDULE source has a schedule");
        }
        if (kind == Kind.SCHEDULE) {
            Objects.requireNonNull(name, "name");
            if (!name.equals(schedule.get().name().orElse(""))) {
                throw dev.polycloud.CloudException.invalidArgument("A SCHEDULE source is named after its schedule");
            }
        } else {
            Names.validate(kind == Kind.SUBSCRIPTION ? "topic" : kind.name().toLowerCase(java.util.Locale.ROOT), name);
        }
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
     * A schedule source: the function runs on the schedule and receives a {@link ScheduledEvent}.
     *
     * @param schedule the schedule (unnamed: named after the function when bound)
     * @return the source
     */
    public static TriggerSource schedule(Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        return new TriggerSource(Kind.SCHEDULE, schedule.name().orElse(""), Optional.empty(), Optional.of(schedule));
    }

    /**
     * A bucket source delivering every object event ({@link dev.polycloud.blob.BlobEventType#CREATED} and
     * {@link dev.polycloud.blob.BlobEventType#DELETED}, any key): the function receives {@link BlobEventBatch}es.
     * Binding it needs {@link FunctionCapabilities#bucketEvents()}.
     *
     * @param bucket the bucket name
     * @return the source
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a bad bucket name
     */
    public static TriggerSource bucket(String bucket) {
        return bucket(bucket, BlobEventFilter.all());
    }

    /**
     * A bucket source delivering the object events that pass a filter: the function receives
     * {@link BlobEventBatch}es. Binding it needs {@link FunctionCapabilities#bucketEvents()}.
     *
     * @param bucket the bucket name
     * @param filter which event types and keys are delivered
     * @return the source
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a bad bucket name
     */
    public static TriggerSource bucket(String bucket, BlobEventFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return new TriggerSource(Kind.BUCKET, bucket, Optional.empty(), Optional.empty(), Optional.of(filter));
    }

    /**
     * The source as it appears in {@link MessageBatch#source()}.
     *
     * @return e.g. {@code queue/orders}, {@code subscription/events/audit} or {@code bucket/uploads}
     */
    public String path() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + name + subscription.map(s -> "/" + s).orElse("");
    }
}

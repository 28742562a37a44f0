package dev.polycloud.gcp.pubsub;

import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.ExpirationPolicy;
import com.google.pubsub.v1.Subscription;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How portable queue and subscription options are stored on a Pub/Sub subscription, and read back.
 *
 * <ul>
 *   <li>default lease: the ack deadline (10 to 600 whole seconds), with the exact lease in the label
 *       {@value #LEASE_LABEL} (milliseconds), since a lease under 10 seconds or with a fraction of a
 *       second is kept by the driver, not by Pub/Sub;</li>
 *   <li>FIFO: {@code enable_message_ordering};</li>
 *   <li>filter: the filter expression ({@link PubSubFilters});</li>
 *   <li>dead-letter queue: the dead-letter policy's topic (the queue's topic {@code q.NAME}), with
 *       {@code maxDeliveries} in the label {@value #MAX_DELIVERIES_LABEL}: Pub/Sub takes 5 to 100
 *       attempts, so a smaller portable maximum is stored as 5 and enforced by the portable layer,
 *       which moves the message on the next delivery past the maximum;</li>
 *   <li>the label {@value #KIND_LABEL} marks what Polycloud created ({@code queue}, {@code subscription},
 *       {@code parking}).</li>
 * </ul>
 *
 * <p>Every subscription gets a dead-letter policy, because only then does Pub/Sub count deliveries.
 * Without a portable dead-letter queue it points, with Pub/Sub's maximum of 100 attempts, at a
 * hidden parking topic with one subscription ({@code q.NAME.parked}, {@code t.TOPIC.NAME.parked}),
 * which receives drain whenever the main subscription has nothing: the rare message delivered 100
 * times is kept, never lost. (Dead-lettering a queue back to its own topic would be simpler, but
 * the emulator fails on it, and for a topic it would copy the message to every other subscription.)
 * The parking subscription has no dead-letter policy of its own, so a parked message reports 100 +
 * 1 deliveries however often it comes back from there. Every subscription also gets an expiration
 * policy without a time to live: Pub/Sub's default deletes a subscription after 31 idle days.
 */
final class PubSubOptions {

    /** Marks what Polycloud created. */
    static final String KIND_LABEL = "polycloud";
    /** The exact default lease in milliseconds. */
    static final String LEASE_LABEL = "polycloud-lease-ms";
    /** The portable maxDeliveries of a dead-letter queue. */
    static final String MAX_DELIVERIES_LABEL = "polycloud-max-deliveries";
    /** Pub/Sub's bounds on max_delivery_attempts. */
    static final int MIN_ATTEMPTS = 5;
    /** Pub/Sub's bounds on max_delivery_attempts. */
    static final int MAX_ATTEMPTS = 100;

    private PubSubOptions() {
    }

    /**
     * The subscription of a queue.
     *
     * @param project the project
     * @param queue the portable queue name
     * @param options the options
     * @return the subscription to create
     */
    static Subscription queueSubscription(String project, String queue, QueueOptions options) {
        String topic = PubSubNames.topicPath(project, PubSubNames.queueId(queue));
        Subscription.Builder b = base(PubSubNames.subscriptionPath(project, PubSubNames.queueId(queue)), topic,
                options.defaultLease(), "queue").setEnableMessageOrdering(options.fifo());
        if (options.deadLetter().isPresent()) {
            deadLetter(b, project, options.deadLetter().get());
        } else {
            b.setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                    .setDeadLetterTopic(PubSubNames.topicPath(project, PubSubNames.queueParkingId(queue)))
                    .setMaxDeliveryAttempts(MAX_ATTEMPTS));
        }
        return b.build();
    }

    /**
     * The main subscription of a topic subscription.
     *
     * @param project the project
     * @param topic the portable topic name
     * @param name the portable subscription name
     * @param options the options
     * @return the subscription to create
     */
    static Subscription topicSubscription(String project, String topic, String name, SubscriptionOptions options) {
        Subscription.Builder b = base(PubSubNames.subscriptionPath(project, PubSubNames.subscriptionId(topic, name)),
                PubSubNames.topicPath(project, PubSubNames.topicId(topic)), options.defaultLease(), "subscription")
                .setEnableMessageOrdering(true);
        options.filter().ifPresent(f -> b.setFilter(PubSubFilters.checkedExpression(f)));
        if (options.deadLetter().isPresent()) {
            deadLetter(b, project, options.deadLetter().get());
        } else {
            b.setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                    .setDeadLetterTopic(PubSubNames.topicPath(project, PubSubNames.parkingId(topic, name)))
                    .setMaxDeliveryAttempts(MAX_ATTEMPTS));
        }
        return b.build();
    }

    /**
     * A hidden parking subscription: it keeps the messages a subscription without dead-letter queue
     * gave up on after 100 deliveries.
     *
     * @param project the project
     * @param parkingId the id of the parking topic and subscription
     * @param lease the default lease of the subscription it parks for
     * @return the subscription to create
     */
    static Subscription parkingSubscription(String project, String parkingId, Duration lease) {
        return base(PubSubNames.subscriptionPath(project, parkingId), PubSubNames.topicPath(project, parkingId), lease,
                "parking").setEnableMessageOrdering(true).build();
    }

    private static Subscription.Builder base(String path, String topic, Duration lease, String kind) {
        return Subscription.newBuilder().setName(path).setTopic(topic)
                .setAckDeadlineSeconds(PubSubReceiver.ackDeadlineSeconds(lease))
                .setExpirationPolicy(ExpirationPolicy.newBuilder().build())
                .putLabels(KIND_LABEL, kind)
                .putLabels(LEASE_LABEL, Long.toString(lease.toMillis()));
    }

    private static void deadLetter(Subscription.Builder b, String project,
                                   dev.polycloud.message.DeadLetterPolicy policy) {
        b.setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                .setDeadLetterTopic(PubSubNames.topicPath(project, PubSubNames.queueId(policy.deadLetterQueue())))
                .setMaxDeliveryAttempts(Math.max(MIN_ATTEMPTS, policy.maxDeliveries())));
        b.putLabels(MAX_DELIVERIES_LABEL, Integer.toString(policy.maxDeliveries()));
    }

    /**
     * The options of a queue's subscription.
     *
     * @param s the subscription
     * @return the options
     */
    static QueueOptions queueOptions(Subscription s) {
        return new QueueOptions(lease(s), s.getEnableMessageOrdering(), deadLetter(s));
    }

    /**
     * The options of a topic subscription.
     *
     * @param s the subscription
     * @return the options
     */
    static SubscriptionOptions subscriptionOptions(Subscription s) {
        Optional<SubscriptionFilter> filter = s.getFilter().isBlank() ? Optional.empty()
                : Optional.of(PubSubFilters.parse(s.getFilter()));
        return new SubscriptionOptions(lease(s), filter, deadLetter(s));
    }

    /**
     * The default lease: the exact one from the label, else the ack deadline.
     *
     * @param s the subscription
     * @return the lease
     */
    static Duration lease(Subscription s) {
        String ms = s.getLabelsMap().get(LEASE_LABEL);
        if (ms != null) {
            try {
                return Duration.ofMillis(Long.parseLong(ms));
            } catch (NumberFormatException e) {
                // falls back to the ack deadline
            }
        }
        return Duration.ofSeconds(s.getAckDeadlineSeconds() > 0 ? s.getAckDeadlineSeconds() : 10);
    }

    private static Optional<dev.polycloud.message.DeadLetterPolicy> deadLetter(Subscription s) {
        if (!s.hasDeadLetterPolicy()) {
            return Optional.empty();
        }
        Optional<String> queue = PubSubNames.queueOfTopic(s.getDeadLetterPolicy().getDeadLetterTopic());
        if (queue.isEmpty() || s.getDeadLetterPolicy().getDeadLetterTopic().equals(s.getTopic())) {
            return Optional.empty(); // the queue's own topic or a parking topic: not a portable dead-letter queue
        }
        Map<String, String> labels = s.getLabelsMap();
        int max = s.getDeadLetterPolicy().getMaxDeliveryAttempts();
        try {
            if (labels.containsKey(MAX_DELIVERIES_LABEL)) {
                max = Integer.parseInt(labels.get(MAX_DELIVERIES_LABEL));
            }
        } catch (NumberFormatException e) {
            // keeps Pub/Sub's value
        }
        return Optional.of(new dev.polycloud.message.DeadLetterPolicy(queue.get(),
                Math.max(1, Math.min(MAX_ATTEMPTS, max == 0 ? MIN_ATTEMPTS : max))));
    }

    /**
     * The receive settings of a subscription.
     *
     * @param s the subscription
     * @param filter its filter, if any
     * @return the settings
     */
    static PubSubReceiver.ReceiveSettings receiveSettings(Subscription s, Optional<SubscriptionFilter> filter) {
        return new PubSubReceiver.ReceiveSettings(lease(s), s.getAckDeadlineSeconds(), filter);
    }
}

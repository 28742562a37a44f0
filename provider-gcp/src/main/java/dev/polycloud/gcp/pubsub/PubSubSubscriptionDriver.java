package dev.polycloud.gcp.pubsub;

import dev.polycloud.gcp.internal.GcpErrors;

import com.google.pubsub.v1.Subscription;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.spi.SubscriptionDriver;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import java.util.Optional;

/**
 * A durable pull subscription of a topic: the Pub/Sub subscription {@code t.TOPIC.NAME}, created
 * with message ordering (so ordering groups are honoured), the filter as a Pub/Sub filter
 * expression, and a dead-letter policy: to the portable dead-letter queue's topic, or else to a
 * hidden parking topic ({@link PubSubOptions}).
 *
 * <p>Pub/Sub filters on the server; the emulator accepts filters but ignores them, so receives also
 * check the filter and acknowledge the messages that do not match (a no-op on Google Cloud).
 */
final class PubSubSubscriptionDriver extends PubSubReceiver implements SubscriptionDriver {

    private final String topic;
    private final String name;
    private final String topicId;

    PubSubSubscriptionDriver(PubSubClients clients, String topic, String name) {
        super(clients, "subscription " + topic + "/" + name, PubSubNames.subscriptionId(topic, name),
                PubSubNames.parkingId(topic, name));
        this.topic = topic;
        this.name = name;
        this.topicId = PubSubNames.topicId(topic);
    }

    @Override
    public synchronized void create(SubscriptionOptions options) {
        Subscription main = PubSubOptions.topicSubscription(clients.project(), topic, name, options);
        if (!admin.topicExists(topicId, resource)) {
            throw GcpErrors.of(ErrorCode.NOT_FOUND, "Topic '" + topic + "' does not exist", resource);
        }
        if (!createWithParking(main, options.defaultLease())) {
            Optional<Subscription> existing = admin.getSubscription(subscriptionId, resource);
            Optional<SubscriptionOptions> existingOptions = existing.map(PubSubOptions::subscriptionOptions);
            if (existingOptions.isPresent() && !existingOptions.get().equals(options)) {
                undoParking();
                throw GcpErrors.of(ErrorCode.ALREADY_EXISTS, "Subscription '" + name + "' of topic '" + topic
                        + "' exists with other options (" + existingOptions.get() + ")", resource);
            }
            existing.ifPresent(this::remember);
            return;
        }
        remember(main);
    }

    @Override
    public void delete() {
        if (!deleteWithParking()) {
            throw notFound();
        }
    }

    @Override
    public boolean exists() {
        return subscriptionExists();
    }

    @Override
    public Optional<SubscriptionOptions> options() {
        return admin.getSubscription(subscriptionId, resource).map(PubSubOptions::subscriptionOptions);
    }

    @Override
    Optional<SubscriptionFilter> filterOf(Subscription subscription) {
        return PubSubOptions.subscriptionOptions(subscription).filter();
    }

    @Override
    CloudException notFound() {
        return GcpErrors.of(ErrorCode.NOT_FOUND, "Subscription '" + name + "' of topic '" + topic
                + "' does not exist", resource);
    }
}

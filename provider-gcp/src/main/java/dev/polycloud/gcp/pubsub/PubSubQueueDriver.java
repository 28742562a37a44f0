package dev.polycloud.gcp.pubsub;

import dev.polycloud.gcp.internal.GcpErrors;

import com.google.pubsub.v1.Subscription;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.QueueDriver;
import dev.polycloud.topic.SubscriptionFilter;
import java.util.List;
import java.util.Optional;

/**
 * A queue on Pub/Sub: the topic {@code q.NAME} and its one subscription {@code q.NAME} (see
 * {@link PubSubNames}); the queue exists when the subscription does. Options are stored on the
 * subscription ({@link PubSubOptions}); FIFO queues use message ordering with the ordering group as
 * ordering key. Pub/Sub has no delayed delivery and no deduplication, which the provider declares,
 * so the portable layer refuses both with UNIMPLEMENTED.
 *
 * <p>Approximate depth: Pub/Sub has no API that counts a subscription's messages. A pull that
 * does not ack would count only what it happens to get and would raise every delivery count, so
 * it is not used. On Google Cloud the depth is Cloud Monitoring's
 * {@code subscription/num_undelivered_messages} (waiting plus leased messages, sampled every
 * minute and visible a few minutes later); the emulator has no metrics, so there the call fails
 * with UNIMPLEMENTED.
 */
final class PubSubQueueDriver extends PubSubReceiver implements QueueDriver {

    private final String name;
    private final PubSubBacklog backlog;

    PubSubQueueDriver(PubSubClients clients, PubSubBacklog backlog, String name) {
        super(clients, "queue " + name, PubSubNames.queueId(name), PubSubNames.queueParkingId(name));
        this.name = name;
        this.backlog = backlog;
    }

    @Override
    public synchronized void create(QueueOptions options) {
        Subscription subscription = PubSubOptions.queueSubscription(clients.project(), name, options);
        boolean createdTopic = admin.createTopic(subscriptionId, resource);
        boolean created;
        try {
            created = createWithParking(subscription, options.defaultLease());
        } catch (RuntimeException e) {
            if (createdTopic) {
                admin.deleteQuietly(null, subscriptionId);
            }
            throw e;
        }
        if (!created) {
            Optional<Subscription> existing = admin.getSubscription(subscriptionId, resource);
            Optional<QueueOptions> existingOptions = existing.map(PubSubOptions::queueOptions);
            if (existingOptions.isPresent() && !existingOptions.get().equals(options)) {
                undoParking();
                throw GcpErrors.of(ErrorCode.ALREADY_EXISTS, "Queue '" + name + "' exists with other options ("
                        + existingOptions.get() + ")", resource);
            }
            existing.ifPresent(this::remember);
            return;
        }
        remember(subscription);
    }

    @Override
    public void delete() {
        boolean existed = deleteWithParking();
        admin.deleteTopic(subscriptionId, resource);
        if (!existed) {
            throw notFound();
        }
    }

    @Override
    public boolean exists() {
        return subscriptionExists();
    }

    @Override
    public Optional<QueueOptions> options() {
        return admin.getSubscription(subscriptionId, resource).map(PubSubOptions::queueOptions);
    }

    @Override
    public BatchOutcome<String> send(List<Message> messages) {
        return PubSubMessages.publish(clients, admin.topicPath(subscriptionId), messages, resource);
    }

    /** Publish on the publisher stub's future: no thread waits on the network. */
    @Override
    public java.util.concurrent.CompletableFuture<BatchOutcome<String>> sendAsync(List<Message> messages) {
        return PubSubMessages.publishAsync(clients, admin.topicPath(subscriptionId), messages, resource);
    }

    @Override
    public long approximateDepth() {
        if (!exists()) {
            throw notFound();
        }
        return backlog.undelivered(subscriptionId, resource);
    }

    @Override
    Optional<SubscriptionFilter> filterOf(Subscription subscription) {
        return Optional.empty();
    }

    @Override
    CloudException notFound() {
        return GcpErrors.of(ErrorCode.NOT_FOUND, "Queue '" + name + "' does not exist", resource);
    }
}

package dev.polycloud.gcp.pubsub;

import dev.polycloud.gcp.internal.GcpErrors;

import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.SubscriptionDriver;
import dev.polycloud.spi.TopicDriver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A topic on Pub/Sub: the topic {@code t.NAME}. Publishing is one Publish call per up to 1,000
 * messages (and 10 MB); ordering groups become ordering keys, which the topic's subscriptions
 * honour (they are created with message ordering).
 */
final class PubSubTopicDriver implements TopicDriver {

    private final PubSubClients clients;
    private final String name;
    private final String id;
    private final String resource;
    private final PubSubAdmin admin;
    private final Map<String, PubSubSubscriptionDriver> subscriptions = new ConcurrentHashMap<>();

    PubSubTopicDriver(PubSubClients clients, String name) {
        this.clients = clients;
        this.name = name;
        this.id = PubSubNames.topicId(name);
        this.resource = "topic " + name;
        this.admin = new PubSubAdmin(clients);
    }

    @Override
    public void create() {
        admin.createTopic(id, resource);
    }

    @Override
    public void delete() {
        if (!admin.deleteTopic(id, resource)) {
            throw GcpErrors.of(ErrorCode.NOT_FOUND, "Topic '" + name + "' does not exist", resource);
        }
    }

    @Override
    public boolean exists() {
        return admin.topicExists(id, resource);
    }

    @Override
    public BatchOutcome<String> publish(List<Message> messages) {
        return PubSubMessages.publish(clients, admin.topicPath(id), messages, resource);
    }

    /** Publish on the publisher stub's future: no thread waits on the network. */
    @Override
    public java.util.concurrent.CompletableFuture<BatchOutcome<String>> publishAsync(List<Message> messages) {
        return PubSubMessages.publishAsync(clients, admin.topicPath(id), messages, resource);
    }

    @Override
    public SubscriptionDriver subscription(String subscription) {
        return subscriptions.computeIfAbsent(subscription, s -> new PubSubSubscriptionDriver(clients, name, s));
    }
}

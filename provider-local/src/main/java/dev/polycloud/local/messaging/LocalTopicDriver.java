package dev.polycloud.local.messaging;

import dev.polycloud.local.LocalBackend;
import dev.polycloud.local.internal.LocalAsync;

import dev.polycloud.message.Message;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.SubscriptionDriver;
import dev.polycloud.spi.TopicDriver;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The in-memory driver of one topic.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalTopicDriver implements TopicDriver {

    private final LocalBackend backend;
    private final String name;

    public LocalTopicDriver(LocalBackend backend, String name) {
        this.backend = backend;
        this.name = name;
    }

    @Override
    public void create() {
        backend.topics().computeIfAbsent(name, LocalTopic::new);
    }

    @Override
    public void delete() {
        LocalTopic topic = backend.topics().remove(name);
        if (topic == null) {
            throw LocalBackend.notFound("topic", name);
        }
        topic.markDeleted();
    }

    @Override
    public boolean exists() {
        return backend.topics().containsKey(name);
    }

    @Override
    public BatchOutcome<String> publish(List<Message> messages) {
        return BatchOutcome.succeeded(backend.topic(name).publish(messages));
    }

    @Override
    public SubscriptionDriver subscription(String subscriptionName) {
        return new LocalSubscriptionDriver(backend, name, subscriptionName);
    }

    @Override
    public CompletableFuture<BatchOutcome<String>> publishAsync(List<Message> messages) {
        return LocalAsync.now(() -> publish(messages));
    }
}

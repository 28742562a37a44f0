package dev.polycloud.local.messaging;

import dev.polycloud.local.LocalBackend;
import dev.polycloud.local.LocalCloudProvider;
import dev.polycloud.local.internal.LocalAsync;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.spi.SubscriptionDriver;
import dev.polycloud.topic.SubscriptionOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The in-memory driver of one subscription. Messages keep their ordering group in order. */
final class LocalSubscriptionDriver implements SubscriptionDriver {

    private final LocalBackend backend;
    private final String topic;
    private final String name;
    private final String resource;

    LocalSubscriptionDriver(LocalBackend backend, String topic, String name) {
        this.backend = backend;
        this.topic = topic;
        this.name = name;
        this.resource = "subscription " + topic + "/" + name;
    }

    @Override
    public void create(SubscriptionOptions options) {
        MessageStore store = backend.topic(topic).subscriptions().computeIfAbsent(name, n -> new MessageStore(
                resource, backend.clock(), options.defaultLease(), backend.settings().has("ordering-groups"),
                backend.settings().has("native-dead-letter") ? options.deadLetter() : Optional.empty(), options));
        if (!store.options().equals(options)) {
            throw new CloudException(ErrorCode.ALREADY_EXISTS, "Subscription '" + name + "' exists with other options",
                    LocalCloudProvider.ID, resource, null);
        }
    }

    @Override
    public void delete() {
        MessageStore store = backend.topic(topic).subscriptions().remove(name);
        if (store == null) {
            throw notFound();
        }
        store.markDeleted();
    }

    @Override
    public boolean exists() {
        LocalTopic t = backend.topics().get(topic);
        return t != null && t.subscriptions().containsKey(name);
    }

    @Override
    public Optional<SubscriptionOptions> options() {
        LocalTopic t = backend.topics().get(topic);
        return Optional.ofNullable(t == null ? null : t.subscriptions().get(name))
                .map(s -> (SubscriptionOptions) s.options());
    }

    @Override
    public List<ReceivedMessage> receive(int maxMessages, Duration wait, Optional<Duration> lease) {
        return store().receive(maxMessages, wait, lease, backend.queues()::get);
    }

    @Override
    public void ack(List<String> receipts) {
        store().ack(receipts);
    }

    @Override
    public void nack(List<String> receipts) {
        store().nack(receipts);
    }

    @Override
    public void extendLease(String receipt, Duration lease) {
        store().extendLease(receipt, lease);
    }

    private MessageStore store() {
        LocalTopic t = backend.topics().get(topic);
        MessageStore store = t == null ? null : t.subscriptions().get(name);
        if (store == null) {
            throw notFound();
        }
        return store;
    }

    private CloudException notFound() {
        return new CloudException(ErrorCode.NOT_FOUND, "Subscription '" + name + "' of topic '" + topic
                + "' does not exist", LocalCloudProvider.ID, resource, null);
    }

    @Override
    public CompletableFuture<List<ReceivedMessage>> receiveAsync(int maxMessages, Duration wait,
                                                                 Optional<Duration> lease) {
        return LocalAsync.receive(wait, () -> receive(maxMessages, Duration.ZERO, lease));
    }

    @Override
    public CompletableFuture<Void> ackAsync(List<String> receipts) {
        return LocalAsync.now(() -> ack(receipts));
    }

    @Override
    public CompletableFuture<Void> nackAsync(List<String> receipts) {
        return LocalAsync.now(() -> nack(receipts));
    }
}

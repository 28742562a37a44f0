package dev.polycloud.local.messaging;

import dev.polycloud.local.LocalBackend;
import dev.polycloud.local.LocalCloudProvider;
import dev.polycloud.local.internal.LocalAsync;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.QueueDriver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The in-memory driver of one queue.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalQueueDriver implements QueueDriver {

    private final LocalBackend backend;
    private final String name;
    /** The stores a receive may move messages to (made once, not per receive). */
    private final java.util.function.Function<String, MessageStore> deadLetterStores;

    public LocalQueueDriver(LocalBackend backend, String name) {
        this.backend = backend;
        this.name = name;
        this.deadLetterStores = queue -> backend.queues().get(queue);
    }

    @Override
    public void create(QueueOptions options) {
        MessageStore created = backend.queues().computeIfAbsent(name, n -> new MessageStore("queue " + n,
                backend.clock(), options.defaultLease(), options.fifo(),
                backend.settings().has("native-dead-letter") ? options.deadLetter() : Optional.empty(), options));
        if (!created.options().equals(options)) {
            throw new CloudException(ErrorCode.ALREADY_EXISTS, "Queue '" + name + "' exists with other options "
                    + created.options(), LocalCloudProvider.ID, "queue " + name, null);
        }
    }

    @Override
    public void delete() {
        MessageStore store = backend.queues().remove(name);
        if (store == null) {
            throw LocalBackend.notFound("queue", name);
        }
        store.markDeleted();
    }

    @Override
    public boolean exists() {
        return backend.queues().containsKey(name);
    }

    @Override
    public Optional<QueueOptions> options() {
        return Optional.ofNullable(backend.queues().get(name)).map(s -> (QueueOptions) s.options());
    }

    @Override
    public BatchOutcome<String> send(List<Message> messages) {
        return BatchOutcome.succeeded(backend.queue(name).add(messages, null));
    }

    @Override
    public long approximateDepth() {
        return backend.queue(name).depth();
    }

    @Override
    public List<ReceivedMessage> receive(int maxMessages, Duration wait, Optional<Duration> lease) {
        return backend.queue(name).receive(maxMessages, wait, lease, deadLetterStores);
    }

    @Override
    public void ack(List<String> receipts) {
        backend.queue(name).ack(receipts);
    }

    @Override
    public void nack(List<String> receipts) {
        backend.queue(name).nack(receipts);
    }

    @Override
    public void extendLease(String receipt, Duration lease) {
        backend.queue(name).extendLease(receipt, lease);
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

    @Override
    public CompletableFuture<BatchOutcome<String>> sendAsync(List<Message> messages) {
        return LocalAsync.now(() -> send(messages));
    }
}

package dev.polycloud.message;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.internal.DeadLetterQueues;
import dev.polycloud.internal.HandlerObservation;
import dev.polycloud.internal.ManagedListener;
import dev.polycloud.internal.MessageValidator;
import dev.polycloud.internal.Retrier;
import dev.polycloud.listen.BatchHandler;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.listen.MessageHandler;
import dev.polycloud.spi.ReceiverDriver;
import dev.polycloud.spi.StreamingReceiverDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving half shared by {@link dev.polycloud.queue.Queue} and
 * {@link dev.polycloud.topic.Subscription}: receive with long poll, then ack, nack or extend
 * the lease of each received message.
 *
 * <p>Delivery is at least once. A received message is leased: no other receiver gets it until
 * it is acked (deleted), nacked (visible again at once) or its lease ends, after which it is
 * delivered again with {@link ReceivedMessage#deliveryCount()} one higher. With a
 * {@link DeadLetterPolicy}, a message delivered {@code maxDeliveries} times is moved to the
 * dead-letter queue instead of being delivered again; on providers without native
 * dead-lettering this class does the move (send to the dead-letter queue, then ack), so a crash
 * in between gives a duplicate, never a loss.
 */
public abstract class MessageReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(MessageReceiver.class);

    private final String resource;
    private final ReceiverDriver driver;
    private final MessageLimits limits;
    private final boolean nativeDeadLetter;
    private final DeadLetterQueues deadLetterQueues;
    private final Retrier retrier;
    /** The driver's ack and nack, made once instead of on every call. */
    private final java.util.function.Consumer<List<String>> ackCall;
    private final java.util.function.Consumer<List<String>> nackCall;
    private volatile Optional<DeadLetterPolicy> deadLetterPolicy;
    private volatile java.util.function.Supplier<Optional<DeadLetterPolicy>> deadLetterPolicyLoader = Optional::empty;

    static {
        dev.polycloud.internal.Handles.receivers(new dev.polycloud.internal.Handles.ReceiverHooks() {
            @Override
            public void deadLetterPolicyLoader(MessageReceiver receiver,
                                               java.util.function.Supplier<Optional<DeadLetterPolicy>> loader) {
                receiver.deadLetterPolicyLoader = Objects.requireNonNull(loader, "loader");
            }

            @Override
            public java.util.function.Consumer<Optional<DeadLetterPolicy>> deadLetterPolicyMemory(
                    MessageReceiver receiver) {
                return receiver::rememberDeadLetterPolicy;
            }
        });
    }

    /**
     * For {@link dev.polycloud.queue.Queue} and {@link dev.polycloud.topic.Subscription} only: any other
     * subclass is rejected. Applications obtain receivers from {@link dev.polycloud.Cloud}.
     *
     * @hidden
     *
     * @param resource the resource description, for example {@code "queue orders"}
     * @param driver the driver
     * @param limits the provider's message limits
     * @param nativeDeadLetter whether the provider dead-letters by itself
     * @param retrier the retrier for driver calls
     * @param deadLetterQueues access to dead-letter queues, for portable dead-lettering
     */
    protected MessageReceiver(String resource, ReceiverDriver driver, MessageLimits limits, boolean nativeDeadLetter,
                              Retrier retrier, DeadLetterQueues deadLetterQueues) {
        if (getClass() != dev.polycloud.queue.Queue.class && getClass() != dev.polycloud.topic.Subscription.class) {
            throw new IllegalStateException("MessageReceiver is extended by Queue and Subscription only, not by "
                    + getClass().getName());
        }
        this.resource = resource;
        this.driver = driver;
        this.limits = limits;
        this.nativeDeadLetter = nativeDeadLetter;
        this.retrier = retrier;
        this.deadLetterQueues = deadLetterQueues;
        this.ackCall = driver::ack;
        this.nackCall = driver::nack;
    }

    /** Reads the dead-letter policy from the provider (at most once per handle, only without native DLQs). */
    private Optional<DeadLetterPolicy> loadDeadLetterPolicy() {
        return deadLetterPolicyLoader.get();
    }

    /** Records the policy just created, saving a later lookup. */
    private void rememberDeadLetterPolicy(Optional<DeadLetterPolicy> policy) {
        this.deadLetterPolicy = policy;
    }

    /**
     * Whether the queue or subscription exists.
     *
     * @return true if it exists
     */
    public abstract boolean exists();

    /**
     * A health check of this queue or subscription for probes (Kubernetes, Spring Boot Actuator): UP when it exists;
     * DOWN when it does not ({@code NOT_FOUND}), when the provider fails or refuses the call (the error code and
     * message in {@link dev.polycloud.Health.Check#detail()}), or when no answer came within five seconds. Never
     * throws for an unreachable provider; creates nothing. Thread-safe.
     *
     * @return the check
     */
    public dev.polycloud.Health.Check check() {
        return check(dev.polycloud.internal.HealthChecks.DEFAULT_TIMEOUT);
    }

    /**
     * A health check of this queue or subscription within {@code timeout}, as {@link #check()}; the call returns
     * after at most about the timeout.
     *
     * @param timeout how long to wait; positive
     * @return the check
     * @throws CloudException {@code INVALID_ARGUMENT} for a timeout that is not positive
     * @throws NullPointerException when {@code timeout} is null
     */
    public dev.polycloud.Health.Check check(Duration timeout) {
        return dev.polycloud.internal.HealthChecks.check(resource, this::exists, timeout);
    }

    /**
     * Receives up to {@code maxMessages} messages, waiting up to {@code waitTime} for the first.
     *
     * @param maxMessages 1 to {@value ReceiveOptions#MAX_MESSAGES}
     * @param waitTime 0 to {@value ReceiveOptions#MAX_WAIT_SECONDS} seconds
     * @return the messages, possibly none
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when the resource does not exist
     */
    public List<ReceivedMessage> receive(int maxMessages, Duration waitTime) {
        return receive(ReceiveOptions.of(maxMessages, waitTime));
    }

    /**
     * Receives messages as the options say. Asks the driver as many times as its
     * {@code maxReceiveBatch} requires, waiting only for the first call.
     *
     * @param options how many, how long to wait, and the lease
     * @return the messages, possibly none
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a lease over the provider's
     *                        {@code maxLease}; {@link ErrorCode#NOT_FOUND} when the resource does not exist
     */
    public List<ReceivedMessage> receive(ReceiveOptions options) {
        Optional<Duration> lease = options.lease();
        if (lease.isPresent()) {
            MessageValidator.lease(lease.get(), limits);
        }
        int max = options.maxMessages();
        List<ReceivedMessage> result = new ArrayList<>(Math.min(max, limits.maxReceiveBatch()));
        Duration wait = options.waitTime();
        while (result.size() < max) {
            int ask = Math.min(max - result.size(), limits.maxReceiveBatch());
            Duration w = wait;
            List<ReceivedMessage> batch = retrier.call(resource, "receive",
                    () -> driver.receive(ask, w, lease));
            addAll(result, nativeDeadLetter ? batch : deadLetterExhausted(batch));
            if (batch.size() < ask) {
                break;
            }
            wait = Duration.ZERO;
        }
        return result;
    }

    /**
     * Deletes a received message. Acking twice, or after the lease ended, does nothing.
     *
     * @param message the received message
     */
    public void ack(ReceivedMessage message) {
        ack(List.of(message));
    }

    /**
     * Deletes received messages, in driver-sized batches.
     *
     * @param messages the received messages
     */
    public void ack(Collection<ReceivedMessage> messages) {
        forEachChunk(messages, "ack", ackCall);
    }

    /**
     * Makes a received message visible again now, to be redelivered with a higher delivery count.
     *
     * @param message the received message
     */
    public void nack(ReceivedMessage message) {
        nack(List.of(message));
    }

    /**
     * Makes received messages visible again now.
     *
     * @param messages the received messages
     */
    public void nack(Collection<ReceivedMessage> messages) {
        forEachChunk(messages, "nack", nackCall);
    }

    /**
     * Sets the remaining lease of a received message to {@code lease} from now.
     *
     * @param message the received message
     * @param lease 1 second to the provider's {@code maxLease}
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a lease out of range;
     *                        {@link ErrorCode#PRECONDITION_FAILED} when the lease was already lost
     */
    public void extendLease(ReceivedMessage message, Duration lease) {
        MessageValidator.lease(lease, limits);
        retrier.run(resource, "extendLease", () -> driver.extendLease(message.receipt(), lease));
    }

    /**
     * Starts a managed consumer that calls {@code handler} for each message: ack when it returns,
     * nack (or redeliver after {@link ListenerOptions#nackBackoff()}) when it throws, with
     * concurrency, flow control and lease extension as the options say. See {@link Listener}.
     *
     * @param handler the per-message handler, thread-safe
     * @param options how to consume
     * @return the running listener; stop or close it when done
     * @throws NullPointerException for a null argument
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} when the lease or the nack backoff is over the
     *                        provider's {@code maxLease}
     */
    public Listener listen(MessageHandler handler, ListenerOptions options) {
        Objects.requireNonNull(handler, "handler");
        checkListenerOptions(options);
        return ManagedListener.start(this, resource.replace(' ', '/'), handler, options, limits.maxBatchSize(),
                new HandlerObservation(retrier.provider(), resource, "process", retrier.observer(), true),
                streamSource());
    }

    /**
     * Starts a managed consumer that calls {@code handler} with the messages of each receive (up to
     * {@link ListenerOptions#batchSize()}) and acks every message but those the returned
     * {@link dev.polycloud.function.BatchResult} names as failed, which are nacked. See
     * {@link Listener}.
     *
     * @param handler the batch handler, thread-safe
     * @param options how to consume
     * @return the running listener; stop or close it when done
     * @throws NullPointerException for a null argument
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} when the lease or the nack backoff is over the
     *                        provider's {@code maxLease}
     */
    public Listener listenBatch(BatchHandler handler, ListenerOptions options) {
        Objects.requireNonNull(handler, "handler");
        checkListenerOptions(options);
        return ManagedListener.startBatches(this, resource.replace(' ', '/'), handler, options,
                limits.maxBatchSize(),
                new HandlerObservation(retrier.provider(), resource, "process", retrier.observer(), true),
                streamSource());
    }

    /**
     * The driver's stream for a listener, when it offers one ({@link StreamingReceiverDriver#streaming()}):
     * opening it is one call, not retried (the listener reopens it with its backoff); pushed messages
     * are counted as {@code received} and go through portable dead-lettering like received ones.
     */
    private ManagedListener.StreamSource streamSource() {
        if (!(driver instanceof StreamingReceiverDriver streaming) || !streaming.streaming()) {
            return null;
        }
        return new ManagedListener.StreamSource() {
            @Override
            public StreamingReceiverDriver.ReceiveStream open(StreamingReceiverDriver.StreamSettings settings,
                                                              StreamingReceiverDriver.StreamObserver observer) {
                return streaming.openStream(settings, observer);
            }

            @Override
            public List<ReceivedMessage> accept(List<ReceivedMessage> pushed) {
                // counted as a receive's result is: every message the driver handed over
                retrier.messages(resource, "received", pushed.size());
                return nativeDeadLetter ? pushed : deadLetterExhausted(pushed);
            }
        };
    }

    private void checkListenerOptions(ListenerOptions options) {
        Objects.requireNonNull(options, "options");
        MessageValidator.lease(options.lease(), limits);
        if (!options.nackBackoff().isZero()) {
            MessageValidator.lease(options.nackBackoff(), limits);
        }
    }

    /**
     * The asynchronous view of this queue or subscription: the same operations returning
     * {@link CompletableFuture}s, with the same validation, error codes, retries and dead-lettering.
     *
     * @return the asynchronous view (cheap; no network call)
     */
    public AsyncReceiver async() {
        return new AsyncReceiver(this);
    }

    /** The asynchronous receive behind {@link AsyncReceiver#receive(ReceiveOptions)}. */
    final CompletableFuture<List<ReceivedMessage>> receiveAsync(ReceiveOptions options) {
        try {
            options.lease().ifPresent(l -> MessageValidator.lease(l, limits));
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        }
        return receiveMore(new ArrayList<>(), options, options.waitTime());
    }

    private CompletableFuture<List<ReceivedMessage>> receiveMore(List<ReceivedMessage> result, ReceiveOptions options,
                                                                 Duration wait) {
        int ask = Math.min(options.maxMessages() - result.size(), limits.maxReceiveBatch());
        return retrier.callAsync(resource, "receive", () -> driver.receiveAsync(ask, wait, options.lease()))
                .thenCompose(batch -> {
                    // Portable dead-lettering (providers without native DLQs) sends and acks blocking, only for
                    // messages over maxDeliveries.
                    result.addAll(nativeDeadLetter ? batch : deadLetterExhausted(batch));
                    if (batch.size() < ask || result.size() >= options.maxMessages()) {
                        return CompletableFuture.completedFuture(result);
                    }
                    return receiveMore(result, options, Duration.ZERO);
                });
    }

    /** The asynchronous ack or nack behind {@link AsyncReceiver}: driver-sized chunks, in parallel. */
    final CompletableFuture<Void> settleAsync(Collection<ReceivedMessage> messages, boolean ack) {
        List<String> receipts = messages.stream().map(ReceivedMessage::receipt).toList();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < receipts.size(); i += limits.maxBatchSize()) {
            List<String> chunk = receipts.subList(i, Math.min(receipts.size(), i + limits.maxBatchSize()));
            calls.add((ack ? retrier.callAsync(resource, "ack", () -> driver.ackAsync(chunk))
                    : retrier.callAsync(resource, "nack", () -> driver.nackAsync(chunk)))
                    .thenRun(() -> retrier.messages(resource, ack ? "acked" : "nacked", chunk.size())));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    /** Adds a batch without the array copy of {@link List#addAll} for the usual random-access batch. */
    private static void addAll(List<ReceivedMessage> result, List<ReceivedMessage> batch) {
        if (batch instanceof java.util.RandomAccess) {
            for (int i = 0, n = batch.size(); i < n; i++) {
                result.add(batch.get(i));
            }
        } else {
            result.addAll(batch);
        }
    }

    /** The receipts of the messages, in order (a null message is a {@link NullPointerException}). */
    private static List<String> receipts(Collection<ReceivedMessage> messages) {
        if (messages.size() == 1) {
            return List.of(messages.iterator().next().receipt());
        }
        List<String> receipts = new ArrayList<>(messages.size());
        for (ReceivedMessage m : messages) {
            receipts.add(m.receipt());
        }
        return receipts;
    }

    private void forEachChunk(Collection<ReceivedMessage> messages, String operation,
                              java.util.function.Consumer<List<String>> call) {
        List<String> receipts = receipts(messages);
        int chunkSize = limits.maxBatchSize();
        for (int i = 0; i < receipts.size(); i += chunkSize) {
            List<String> chunk = receipts.size() <= chunkSize ? receipts
                    : receipts.subList(i, Math.min(receipts.size(), i + chunkSize));
            retrier.run(resource, operation, () -> call.accept(chunk));
            retrier.messages(resource, operation.equals("ack") ? "acked" : "nacked", chunk.size());
        }
    }

    private List<ReceivedMessage> deadLetterExhausted(List<ReceivedMessage> batch) {
        if (batch.isEmpty()) {
            return batch;
        }
        Optional<DeadLetterPolicy> policy = deadLetterPolicy;
        if (policy == null) {
            policy = retrier.call(resource, "describe", this::loadDeadLetterPolicy);
            deadLetterPolicy = policy;
        }
        if (policy.isEmpty()) {
            return batch;
        }
        List<ReceivedMessage> kept = new ArrayList<>(batch.size());
        for (ReceivedMessage m : batch) {
            if (m.deliveryCount() > policy.get().maxDeliveries()) {
                String dlq = policy.get().deadLetterQueue();
                try {
                    deadLetterQueues.send(dlq, Message.builder().body(m.body()).attributes(m.attributes()).build());
                } catch (CloudException e) {
                    // Nothing is lost: the message stays here and is delivered as usual until the move can happen.
                    LOG.error("Could not move message {} of {} to dead-letter queue {}: {}", m.id(), resource, dlq,
                            e.getMessage());
                    kept.add(m);
                    continue;
                }
                retrier.run(resource, "ack", () -> driver.ack(List.of(m.receipt())));
                retrier.messages(resource, "dead_lettered", 1);
                LOG.info("Moved message {} of {} to dead-letter queue {} after {} deliveries", m.id(), resource, dlq,
                        m.deliveryCount() - 1);
            } else {
                kept.add(m);
            }
        }
        return kept;
    }
}

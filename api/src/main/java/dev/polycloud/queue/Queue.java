package dev.polycloud.queue;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.internal.BatchPublisher;
import dev.polycloud.internal.DeadLetterQueues;
import dev.polycloud.internal.ReceiverLifecycle;
import dev.polycloud.internal.Retrier;
import dev.polycloud.message.DeadLetterPolicy;
import dev.polycloud.message.Message;
import dev.polycloud.message.MessageReceiver;
import dev.polycloud.spi.QueueDriver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A message queue: SQS, Azure Storage Queues, a Pub/Sub topic with one subscription, or in memory.
 * Obtain one from {@link dev.polycloud.Cloud#queue(String)}; handles are cheap and thread-safe.
 *
 * <pre>{@code
 * Queue queue = cloud.queue("orders").create();
 * queue.send("order 42 placed");
 * for (ReceivedMessage m : queue.receive(10, Duration.ofSeconds(5))) {
 *     handle(m.bodyAsString());
 *     queue.ack(m);                 // not acked: delivered again after the lease
 * }
 * }</pre>
 *
 * <p>Sending validates every message against the provider's declared
 * {@link QueueCapabilities} before any network call: oversized bodies, too many attributes,
 * delays beyond {@code maxDelay} are {@link ErrorCode#INVALID_ARGUMENT}; a delay, ordering group
 * or deduplication id the provider cannot honour is {@link ErrorCode#UNIMPLEMENTED}. Ordering
 * groups and deduplication ids need a queue created with {@link QueueOptions#fifo()}. Any
 * operation on a missing queue is {@link ErrorCode#NOT_FOUND}.
 */
public final class Queue extends MessageReceiver {

    /** The most messages {@link #sendBatch(List)} takes at once; it splits them into driver-sized calls. */
    public static final int MAX_BATCH = 1000;

    private final String name;
    private final String resource;
    private final Retrier retrier;
    private final QueueDriver driver;
    private final QueueCapabilities capabilities;
    private final ReceiverLifecycle<QueueOptions> lifecycle;
    private final BatchPublisher publisher;
    /** {@link #checkCapabilities(List)}, made once instead of on every send. */
    private final java.util.function.Consumer<List<Message>> checks = this::checkCapabilities;

    static {
        dev.polycloud.internal.Handles.queues(Queue::new);
    }

    /**
     * Used by {@link dev.polycloud.Cloud} through {@link dev.polycloud.internal.Handles}; applications call
     * {@code cloud.queue(name)}.
     *
     * @param name the validated portable name
     * @param driver the provider's driver for it
     * @param capabilities the provider's queue capabilities
     * @param retrier the retrier for driver calls
     * @param deadLetterQueues access to other queues for dead-lettering
     */
    Queue(String name, QueueDriver driver, QueueCapabilities capabilities, Retrier retrier,
                 DeadLetterQueues deadLetterQueues) {
        super("queue " + name, driver, capabilities.limits(), capabilities.nativeDeadLetter(), retrier,
                deadLetterQueues);
        this.name = name;
        this.retrier = retrier;
        this.resource = "queue " + name;
        this.driver = driver;
        this.capabilities = capabilities;
        this.lifecycle = new ReceiverLifecycle<>(resource, "Queue '" + name + "' does not exist", retrier,
                capabilities.limits(), deadLetterQueues, driver, QueueOptions::defaultLease, QueueOptions::deadLetter,
                dev.polycloud.internal.Handles.receiver().deadLetterPolicyMemory(this));
        dev.polycloud.internal.Handles.receiver().deadLetterPolicyLoader(this, () -> options().deadLetter());
        this.publisher = new BatchPublisher(resource, "send", capabilities.limits(), MAX_BATCH, retrier,
                driver::send, driver::sendAsync);
    }

    /**
     * The portable name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Creates the queue with default options, or does nothing if it exists with them.
     *
     * @return this queue
     */
    public Queue create() {
        return create(QueueOptions.defaults());
    }

    /**
     * Creates the queue, or does nothing if it exists with the same options.
     *
     * @param newOptions the options
     * @return this queue
     * @throws CloudException {@link ErrorCode#UNIMPLEMENTED} for FIFO without the capability;
     *                        {@link ErrorCode#INVALID_ARGUMENT} for a lease over {@code maxLease} or a queue
     *                        that is its own dead-letter queue; {@link ErrorCode#NOT_FOUND} when the
     *                        dead-letter queue does not exist; {@link ErrorCode#ALREADY_EXISTS} when
     *                        the queue exists with other options
     */
    public Queue create(QueueOptions newOptions) {
        if (newOptions.fifo() && !capabilities.fifo()) {
            throw CloudException.unimplemented(retrier.provider(), "A FIFO queue");
        }
        lifecycle.create(newOptions, name);
        return this;
    }

    /**
     * Deletes the queue and its messages.
     *
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not exist
     */
    public void delete() {
        lifecycle.delete();
    }

    /**
     * Whether the queue exists.
     *
     * @return true if it exists
     */
    @Override
    public boolean exists() {
        return lifecycle.exists();
    }

    /**
     * The options the queue was created with.
     *
     * @return the options
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not exist
     */
    public QueueOptions options() {
        return lifecycle.options();
    }

    /**
     * Sends a text message.
     *
     * @param text the UTF-8 body
     * @return the message id
     */
    public String send(String text) {
        return send(Message.of(text));
    }

    /**
     * Sends one message.
     *
     * @param message the message
     * @return the message id
     * @throws CloudException see {@link Queue} for validation codes; {@link ErrorCode#NOT_FOUND} for a missing queue
     */
    public String send(Message message) {
        return sendBatch(List.of(message)).get(0);
    }

    /**
     * Sends a batch, whole: the portable layer validates every message first, then splits the
     * batch into the driver's {@code maxBatchSize}. If a chunk fails after retries, the chunks
     * before it have been sent (at-least-once: resending the whole batch gives duplicates, not losses).
     *
     * @param messages 1 to {@value #MAX_BATCH} messages
     * @return the message ids, in order
     */
    public List<String> sendBatch(List<Message> messages) {
        return publisher.publish(messages, checks);
    }

    /**
     * The asynchronous view of this queue: send, receive, ack and nack returning futures, with the
     * same validation, error codes and retries (see {@link dev.polycloud.message.AsyncReceiver}).
     *
     * @return the asynchronous view (cheap; no network call)
     */
    @Override
    public AsyncQueue async() {
        return new AsyncQueue(this);
    }

    /** The asynchronous send behind {@link AsyncQueue}: the same checks, then chunks one after another. */
    CompletableFuture<List<String>> sendBatchAsync(List<Message> messages) {
        return publisher.publishAsync(messages, checks);
    }

    /** The queue's checks of a validated batch: delays, ordering groups and deduplication ids. */
    private void checkCapabilities(List<Message> messages) {
        boolean needsFifo = false;
        for (Message m : messages) {
            Duration d = m.delay().orElse(null);
            if (d != null && !d.isZero()) {
                if (!capabilities.delay()) {
                    throw CloudException.unimplemented(retrier.provider(), "Delayed delivery");
                }
                if (d.compareTo(capabilities.maxDelay()) > 0) {
                    throw CloudException.invalidArgument("Message delay " + d + " is over the provider's maxDelay of "
                            + capabilities.maxDelay());
                }
            }
            boolean grouped = m.orderingGroup().isPresent();
            boolean deduplicated = m.deduplicationId().isPresent();
            if (grouped && !capabilities.fifo()) {
                throw CloudException.unimplemented(retrier.provider(), "An ordering group (FIFO)");
            }
            if (deduplicated && !capabilities.deduplication()) {
                throw CloudException.unimplemented(retrier.provider(), "A deduplication id");
            }
            needsFifo |= grouped || deduplicated;
        }
        if (needsFifo && !options().fifo()) {
            throw CloudException.invalidArgument("Ordering groups and deduplication ids need a FIFO queue; queue '"
                    + name + "' was not created with fifo(true)");
        }
    }

    /**
     * The approximate number of messages in the queue (waiting, delayed or leased); eventually
     * consistent on the clouds.
     *
     * @return the count
     * @throws CloudException {@link ErrorCode#NOT_FOUND} for a missing queue
     */
    public long approximateDepth() {
        return retrier.call(resource, "approximateDepth", driver::approximateDepth);
    }

    @Override
    public String toString() {
        return "Queue[" + name + ", provider=" + retrier.provider() + "]";
    }
}

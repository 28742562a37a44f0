package dev.polycloud.topic;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.internal.BatchPublisher;
import dev.polycloud.internal.DeadLetterQueues;
import dev.polycloud.internal.Names;
import dev.polycloud.internal.Retrier;
import dev.polycloud.message.Message;
import dev.polycloud.spi.TopicDriver;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A publish/subscribe topic: SNS (with SQS-backed subscriptions), Service Bus topics, Pub/Sub,
 * or in memory. Obtain one from {@link dev.polycloud.Cloud#topic(String)}; handles are
 * thread-safe.
 *
 * <pre>{@code
 * Topic topic = cloud.topic("order-events").create();
 * Subscription billing = topic.subscription("billing").create();   // before the publish
 * topic.publish("order 42 placed");
 * List<ReceivedMessage> got = billing.receive(10, Duration.ofSeconds(5));
 * billing.ack(got);
 * }</pre>
 *
 * <p>Every message published reaches every {@link Subscription} that existed when it was
 * published and whose filter matches (fan-out). Messages are validated against the provider's
 * {@link TopicCapabilities} before any network call. Topics do not delay or deduplicate: a
 * message with a delay or deduplication id is {@link ErrorCode#UNIMPLEMENTED}; an ordering group
 * needs the {@code orderingGroups} capability. Publishing to a missing topic is
 * {@link ErrorCode#NOT_FOUND}.
 */
public final class Topic {

    /** The most messages {@link #publishBatch(List)} takes at once. */
    public static final int MAX_BATCH = 1000;

    private final String name;
    private final String resource;
    private final TopicDriver driver;
    private final TopicCapabilities capabilities;
    private final Retrier retrier;
    private final DeadLetterQueues deadLetterQueues;
    private final BatchPublisher publisher;
    private final java.util.Map<String, Subscription> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        dev.polycloud.internal.Handles.topics(Topic::new);
    }

    /**
     * Used by {@link dev.polycloud.Cloud} through {@link dev.polycloud.internal.Handles}; applications call
     * {@code cloud.topic(name)}.
     *
     * @param name the validated portable name
     * @param driver the provider's driver
     * @param capabilities the provider's topic capabilities
     * @param retrier the retrier for driver calls
     * @param deadLetterQueues access to queues for dead-lettering
     */
    Topic(String name, TopicDriver driver, TopicCapabilities capabilities, Retrier retrier,
                 DeadLetterQueues deadLetterQueues) {
        this.name = name;
        this.resource = "topic " + name;
        this.driver = driver;
        this.capabilities = capabilities;
        this.retrier = retrier;
        this.deadLetterQueues = deadLetterQueues;
        this.publisher = new BatchPublisher(resource, "publish", capabilities.limits(), MAX_BATCH, retrier,
                driver::publish, driver::publishAsync);
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
     * Creates the topic, or does nothing if it exists.
     *
     * @return this topic
     */
    public Topic create() {
        retrier.run(resource, "create", driver::create);
        return this;
    }

    /**
     * Deletes the topic.
     *
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not exist
     */
    public void delete() {
        retrier.run(resource, "delete", driver::delete);
    }

    /**
     * Whether the topic exists.
     *
     * @return true if it exists
     */
    public boolean exists() {
        return retrier.call(resource, "exists", driver::exists);
    }

    /**
     * A health check of this topic for probes (Kubernetes, Spring Boot Actuator): UP when it exists; DOWN when it
     * does not ({@code NOT_FOUND}), when the provider fails or refuses the call (the error code and message in
     * {@link dev.polycloud.Health.Check#detail()}), or when no answer came within five seconds. Never throws for an
     * unreachable provider; creates nothing. Thread-safe.
     *
     * @return the check
     */
    public dev.polycloud.Health.Check check() {
        return check(dev.polycloud.internal.HealthChecks.DEFAULT_TIMEOUT);
    }

    /**
     * A health check of this topic within {@code timeout}, as {@link #check()}; the call returns after at most
     * about the timeout.
     *
     * @param timeout how long to wait; positive
     * @return the check
     * @throws dev.polycloud.CloudException {@code INVALID_ARGUMENT} for a timeout that is not positive
     * @throws NullPointerException when {@code timeout} is null
     */
    public dev.polycloud.Health.Check check(java.time.Duration timeout) {
        return dev.polycloud.internal.HealthChecks.check("topic " + name, this::exists, timeout);
    }

    /**
     * Publishes a text message.
     *
     * @param text the UTF-8 body
     * @return the message id
     */
    public String publish(String text) {
        return publish(Message.of(text));
    }

    /**
     * Publishes one message.
     *
     * @param message the message
     * @return the message id
     */
    public String publish(Message message) {
        return publishBatch(List.of(message)).get(0);
    }

    /**
     * Publishes a batch: validated whole first, then split into the driver's {@code maxBatchSize}.
     *
     * @param messages 1 to {@value #MAX_BATCH} messages
     * @return the message ids, in order
     */
    public List<String> publishBatch(List<Message> messages) {
        return publisher.publish(messages, this::checkCapabilities);
    }

    /**
     * The asynchronous view of this topic: publish returning futures, with the same validation,
     * error codes and retries as {@link #publishBatch(List)}.
     *
     * @return the asynchronous view (cheap; no network call)
     */
    public AsyncTopic async() {
        return new AsyncTopic(this);
    }

    /** The asynchronous publish behind {@link AsyncTopic}: the same checks, then chunks one after another. */
    CompletableFuture<List<String>> publishBatchAsync(List<Message> messages) {
        return publisher.publishAsync(messages, this::checkCapabilities);
    }

    /** The topic's checks of a validated batch: no delays or deduplication ids, ordering groups if declared. */
    private void checkCapabilities(List<Message> messages) {
        for (Message m : messages) {
            if (m.delay().filter(d -> !d.isZero()).isPresent()) {
                throw CloudException.unimplemented(retrier.provider(), "Delayed delivery on a topic");
            }
            if (m.deduplicationId().isPresent()) {
                throw CloudException.unimplemented(retrier.provider(), "A deduplication id on a topic");
            }
            if (m.orderingGroup().isPresent() && !capabilities.orderingGroups()) {
                throw CloudException.unimplemented(retrier.provider(), "An ordering group on a topic");
            }
        }
    }

    /**
     * A handle on one of this topic's subscriptions (no network call; handles are cached per name).
     *
     * @param subscriptionName the portable subscription name
     * @return the handle
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a bad name
     */
    public Subscription subscription(String subscriptionName) {
        Names.validate("subscription", subscriptionName);
        return subscriptions.computeIfAbsent(subscriptionName, n -> new Subscription(this, n, driver.subscription(n),
                capabilities, retrier, deadLetterQueues));
    }

    @Override
    public String toString() {
        return "Topic[" + name + ", provider=" + retrier.provider() + "]";
    }
}

package dev.polycloud.topic;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.internal.DeadLetterQueues;
import dev.polycloud.internal.ReceiverLifecycle;
import dev.polycloud.internal.Retrier;
import dev.polycloud.message.DeadLetterPolicy;
import dev.polycloud.message.MessageReceiver;
import dev.polycloud.spi.SubscriptionDriver;
import java.util.Optional;

/**
 * A durable pull subscription of a {@link Topic}: it receives every matching message published
 * after it was created, with the same receive / ack / nack / lease contract as a queue (see
 * {@link MessageReceiver}). Obtain one from {@link Topic#subscription(String)}.
 */
public final class Subscription extends MessageReceiver {

    private final Topic topic;
    private final Retrier retrier;
    private final String name;
    private final TopicCapabilities capabilities;
    private final ReceiverLifecycle<SubscriptionOptions> lifecycle;

    Subscription(Topic topic, String name, SubscriptionDriver driver, TopicCapabilities capabilities,
                 Retrier retrier, DeadLetterQueues deadLetterQueues) {
        super("subscription " + topic.name() + "/" + name, driver, capabilities.limits(),
                capabilities.nativeDeadLetter(), retrier, deadLetterQueues);
        this.topic = topic;
        this.retrier = retrier;
        this.name = name;
        this.capabilities = capabilities;
        this.lifecycle = new ReceiverLifecycle<>("subscription " + topic.name() + "/" + name, "Subscription '" + name
                + "' of topic '" + topic.name() + "' does not exist", retrier, capabilities.limits(), deadLetterQueues,
                driver, SubscriptionOptions::defaultLease, SubscriptionOptions::deadLetter,
                dev.polycloud.internal.Handles.receiver().deadLetterPolicyMemory(this));
        dev.polycloud.internal.Handles.receiver().deadLetterPolicyLoader(this, () -> options().deadLetter());
    }

    /**
     * The portable subscription name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The topic it belongs to.
     *
     * @return the topic
     */
    public Topic topic() {
        return topic;
    }

    /**
     * Creates the subscription with default options, or does nothing if it exists.
     *
     * @return this subscription
     */
    public Subscription create() {
        return create(SubscriptionOptions.defaults());
    }

    /**
     * Creates the subscription, or does nothing if it exists with the same options.
     *
     * @param newOptions the options
     * @return this subscription
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when the topic or the dead-letter queue is
     *                        missing; {@link ErrorCode#UNIMPLEMENTED} for a filter without the
     *                        {@code subscriptionFilters} capability; {@link ErrorCode#ALREADY_EXISTS}
     *                        when it exists with other options
     */
    public Subscription create(SubscriptionOptions newOptions) {
        if (newOptions.filter().isPresent() && !capabilities.subscriptionFilters()) {
            throw CloudException.unimplemented(retrier.provider(), "A subscription filter");
        }
        lifecycle.create(newOptions, null);
        return this;
    }

    /**
     * Deletes the subscription and its pending messages.
     *
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not exist
     */
    public void delete() {
        lifecycle.delete();
    }

    /**
     * Whether the subscription exists.
     *
     * @return true if it exists
     */
    public boolean exists() {
        return lifecycle.exists();
    }

    /**
     * A health check of this subscription for probes (Kubernetes, Spring Boot Actuator): UP when it exists; DOWN when it
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
     * A health check of this subscription within {@code timeout}, as {@link #check()}; the call returns after at most
     * about the timeout.
     *
     * @param timeout how long to wait; positive
     * @return the check
     * @throws dev.polycloud.CloudException {@code INVALID_ARGUMENT} for a timeout that is not positive
     * @throws NullPointerException when {@code timeout} is null
     */
    public dev.polycloud.Health.Check check(java.time.Duration timeout) {
        return dev.polycloud.internal.HealthChecks.check("subscription " + topic.name() + "/" + name, this::exists, timeout);
    }

    /**
     * The options it was created with.
     *
     * @return the options
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not exist
     */
    public SubscriptionOptions options() {
        return lifecycle.options();
    }

    @Override
    public String toString() {
        return "Subscription[" + topic.name() + "/" + name + ", provider=" + retrier.provider() + "]";
    }
}

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
    @Override
    public boolean exists() {
        return lifecycle.exists();
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

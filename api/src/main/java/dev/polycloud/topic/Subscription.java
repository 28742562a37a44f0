package dev.polycloud.topic;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.internal.DeadLetterQueues;
import dev.polycloud.internal.MessageValidator;
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
    private final String name;
    private final String resource;
    private final SubscriptionDriver driver;
    private final TopicCapabilities capabilities;
    private volatile SubscriptionOptions options;

    Subscription(Topic topic, String name, SubscriptionDriver driver, TopicCapabilities capabilities,
                 Retrier retrier, DeadLetterQueues deadLetterQueues) {
        super("subscription " + topic.name() + "/" + name, driver, capabilities.limits(),
                capabilities.nativeDeadLetter(), retrier, deadLetterQueues);
        this.topic = topic;
        this.name = name;
        this.resource = "subscription " + topic.name() + "/" + name;
        this.driver = driver;
        this.capabilities = capabilities;
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
        MessageValidator.lease(newOptions.defaultLease(), capabilities.limits());
        checkDeadLetterQueue(newOptions.deadLetter(), null);
        retrier.run(resource, "create", () -> driver.create(newOptions));
        options = newOptions;
        rememberDeadLetterPolicy(newOptions.deadLetter());
        return this;
    }

    /**
     * Deletes the subscription and its pending messages.
     *
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not exist
     */
    public void delete() {
        retrier.run(resource, "delete", driver::delete);
        options = null;
        rememberDeadLetterPolicy(null);
    }

    /**
     * Whether the subscription exists.
     *
     * @return true if it exists
     */
    public boolean exists() {
        return retrier.call(resource, "exists", driver::exists);
    }

    /**
     * The options it was created with.
     *
     * @return the options
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not exist
     */
    public SubscriptionOptions options() {
        SubscriptionOptions current = options;
        if (current == null) {
            current = retrier.call(resource, "describe", driver::options).orElseThrow(() -> new CloudException(
                    ErrorCode.NOT_FOUND, "Subscription '" + name + "' of topic '" + topic.name() + "' does not exist",
                    retrier.provider(), resource, null));
            options = current;
        }
        return current;
    }

    @Override
    protected Optional<DeadLetterPolicy> loadDeadLetterPolicy() {
        return options().deadLetter();
    }

    @Override
    public String toString() {
        return "Subscription[" + topic.name() + "/" + name + ", provider=" + retrier.provider() + "]";
    }
}

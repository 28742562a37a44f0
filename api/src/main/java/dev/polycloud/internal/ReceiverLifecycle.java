package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.DeadLetterPolicy;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.spi.ManagedReceiverDriver;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one lifecycle of a queue or subscription handle: create with options (lease and dead-letter
 * checks before the network call), delete, exists, and the options cached after the first read. Thread-safe:
 * the cached options are a volatile reference; concurrent creates both reach the driver, which is idempotent.
 *
 * @param <O> the options type
 */
public final class ReceiverLifecycle<O> {

    private final String resource;
    private final String missingMessage;
    private final Retrier retrier;
    private final MessageLimits limits;
    private final DeadLetterQueues deadLetterQueues;
    private final ManagedReceiverDriver<O> driver;
    private final Function<O, Duration> lease;
    private final Function<O, Optional<DeadLetterPolicy>> deadLetter;
    private final Consumer<Optional<DeadLetterPolicy>> rememberDeadLetter;
    private volatile O options;

    /**
     * A lifecycle for one handle.
     *
     * @param resource the resource description, for example {@code "queue orders"}
     * @param missingMessage the message of the {@link ErrorCode#NOT_FOUND} when the receiver is missing
     * @param retrier the retrier for driver calls
     * @param limits the provider's message limits
     * @param deadLetterQueues access to queues, to check a dead-letter queue exists
     * @param driver the driver
     * @param lease the default lease in an options value
     * @param deadLetter the dead-letter policy in an options value
     * @param rememberDeadLetter told the policy after a create (empty after a delete)
     */
    public ReceiverLifecycle(String resource, String missingMessage, Retrier retrier, MessageLimits limits,
                             DeadLetterQueues deadLetterQueues, ManagedReceiverDriver<O> driver,
                             Function<O, Duration> lease, Function<O, Optional<DeadLetterPolicy>> deadLetter,
                             Consumer<Optional<DeadLetterPolicy>> rememberDeadLetter) {
        this.resource = resource;
        this.missingMessage = missingMessage;
        this.retrier = retrier;
        this.limits = limits;
        this.deadLetterQueues = deadLetterQueues;
        this.driver = driver;
        this.lease = lease;
        this.deadLetter = deadLetter;
        this.rememberDeadLetter = rememberDeadLetter;
    }

    /**
     * Creates the receiver after checking the lease and the dead-letter queue (the caller has checked its
     * own capabilities first).
     *
     * @param newOptions the options
     * @param selfQueueName the queue's own name (a queue cannot dead-letter to itself), or null for a subscription
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a lease over {@code maxLease} or a queue that is
     *                        its own dead-letter queue; {@link ErrorCode#NOT_FOUND} when the dead-letter queue is
     *                        missing; the driver's failure
     */
    public void create(O newOptions, String selfQueueName) {
        MessageValidator.lease(lease.apply(newOptions), limits);
        checkDeadLetterQueue(deadLetterQueues, resource, deadLetter.apply(newOptions), selfQueueName);
        retrier.run(resource, "create", () -> driver.create(newOptions));
        options = newOptions;
        rememberDeadLetter.accept(deadLetter.apply(newOptions));
    }

    /** Deletes the receiver and forgets its options. */
    public void delete() {
        retrier.run(resource, "delete", driver::delete);
        options = null;
        rememberDeadLetter.accept(null);
    }

    /**
     * Whether the receiver exists.
     *
     * @return true if it exists
     */
    public boolean exists() {
        return retrier.call(resource, "exists", driver::exists);
    }

    /**
     * The options, read from the provider once and then cached.
     *
     * @return the options
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when the receiver does not exist
     */
    public O options() {
        O current = options;
        if (current == null) {
            current = retrier.call(resource, "describe", driver::options).orElseThrow(() -> new CloudException(
                    ErrorCode.NOT_FOUND, missingMessage, retrier.provider(), resource, null));
            options = current;
        }
        return current;
    }

    /**
     * Checks a dead-letter policy before a create: the queue exists and is not the source itself.
     *
     * @param deadLetterQueues access to queues
     * @param resource the source's resource description
     * @param policy the policy
     * @param selfQueueName the source queue's name, or null for a subscription
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when the dead-letter queue is missing,
     *                        {@link ErrorCode#INVALID_ARGUMENT} when it is the queue itself
     */
    public static void checkDeadLetterQueue(DeadLetterQueues deadLetterQueues, String resource,
                                            Optional<DeadLetterPolicy> policy, String selfQueueName) {
        if (policy.isEmpty()) {
            return;
        }
        String dlq = policy.get().deadLetterQueue();
        if (dlq.equals(selfQueueName)) {
            throw CloudException.invalidArgument("A queue cannot be its own dead-letter queue (" + dlq + ")");
        }
        if (!deadLetterQueues.exists(dlq)) {
            throw new CloudException(ErrorCode.NOT_FOUND, "Dead-letter queue '" + dlq + "' does not exist",
                    null, resource, null);
        }
    }
}

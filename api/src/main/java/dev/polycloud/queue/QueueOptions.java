package dev.polycloud.queue;

import dev.polycloud.CloudException;
import dev.polycloud.message.DeadLetterPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a queue is created.
 *
 * @param defaultLease how long a received message stays invisible when the receive asks for no lease
 *                     (the visibility timeout); from 1 second to the provider's {@code maxLease}
 * @param fifo whether messages of one ordering group are delivered in order, one at a time
 *             (needs the {@code fifo} capability)
 * @param deadLetter where messages go after too many deliveries, if anywhere
 */
public record QueueOptions(Duration defaultLease, boolean fifo, Optional<DeadLetterPolicy> deadLetter) {

    /** The lease used when none is given: 30 seconds, like SQS. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    /**
     * Checks the components.
     *
     * @param defaultLease see the record description
     * @param fifo see the record description
     * @param deadLetter see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a lease under one second
     */
    public QueueOptions {
        Objects.requireNonNull(defaultLease, "defaultLease");
        if (defaultLease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw CloudException.invalidArgument("defaultLease must be at least 1 second (found " + defaultLease + ")");
        }
        deadLetter = deadLetter == null ? Optional.empty() : deadLetter;
    }

    /**
     * A standard queue with a 30-second lease and no dead-lettering.
     *
     * @return the default options
     */
    public static QueueOptions defaults() {
        return builder().build();
    }

    /**
     * Starts options from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link QueueOptions}. */
    public static final class Builder {
        private Duration defaultLease = DEFAULT_LEASE;
        private boolean fifo;
        private DeadLetterPolicy deadLetter;

        private Builder() {
        }

        /**
         * Sets the default lease (visibility timeout).
         *
         * @param lease at least one second
         * @return this builder
         */
        public Builder defaultLease(Duration lease) {
            this.defaultLease = lease;
            return this;
        }

        /**
         * Makes the queue FIFO.
         *
         * @param value true for FIFO
         * @return this builder
         */
        public Builder fifo(boolean value) {
            this.fifo = value;
            return this;
        }

        /**
         * Dead-letters messages to {@code queue} after {@code maxDeliveries} deliveries.
         *
         * @param queue the portable name of an existing queue
         * @param maxDeliveries 1 to {@value DeadLetterPolicy#MAX_DELIVERIES}
         * @return this builder
         */
        public Builder deadLetter(String queue, int maxDeliveries) {
            this.deadLetter = new DeadLetterPolicy(queue, maxDeliveries);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public QueueOptions build() {
            return new QueueOptions(defaultLease, fifo, Optional.ofNullable(deadLetter));
        }
    }
}

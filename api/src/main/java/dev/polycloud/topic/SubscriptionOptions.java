package dev.polycloud.topic;

import dev.polycloud.CloudException;
import dev.polycloud.message.DeadLetterPolicy;
import dev.polycloud.queue.QueueOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a subscription is created.
 *
 * @param defaultLease how long a received message stays invisible when the receive asks for no lease
 * @param filter the attribute filter, if any (needs the {@code subscriptionFilters} capability)
 * @param deadLetter where messages go after too many deliveries, if anywhere
 */
public record SubscriptionOptions(Duration defaultLease, Optional<SubscriptionFilter> filter,
                                  Optional<DeadLetterPolicy> deadLetter) {

    /**
     * Checks the components.
     *
     * @param defaultLease see the record description
     * @param filter see the record description
     * @param deadLetter see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a lease under one second
     */
    public SubscriptionOptions {
        Objects.requireNonNull(defaultLease, "defaultLease");
        if (defaultLease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw CloudException.invalidArgument("defaultLease must be at least 1 second (found " + defaultLease + ")");
        }
        filter = filter == null ? Optional.empty() : filter;
        deadLetter = deadLetter == null ? Optional.empty() : deadLetter;
    }

    /**
     * A subscription with a 30-second lease, no filter and no dead-lettering.
     *
     * @return the default options
     */
    public static SubscriptionOptions defaults() {
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

    /** Builds {@link SubscriptionOptions}. */
    public static final class Builder {
        private Duration defaultLease = QueueOptions.DEFAULT_LEASE;
        private SubscriptionFilter filter;
        private DeadLetterPolicy deadLetter;

        private Builder() {
        }

        /**
         * Sets the default lease.
         *
         * @param lease at least one second
         * @return this builder
         */
        public Builder defaultLease(Duration lease) {
            this.defaultLease = lease;
            return this;
        }

        /**
         * Sets the attribute filter.
         *
         * @param value the filter
         * @return this builder
         */
        public Builder filter(SubscriptionFilter value) {
            this.filter = value;
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
        public SubscriptionOptions build() {
            return new SubscriptionOptions(defaultLease, Optional.ofNullable(filter), Optional.ofNullable(deadLetter));
        }
    }
}

package dev.polycloud.listen;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.ReceiveOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link Listener} consumes: handler concurrency, flow control, receive batch size, leases,
 * redelivery backoff, error reporting and the executor handlers run on. Immutable and
 * thread-safe; build one with {@link #builder()} or take {@link #defaults()}.
 *
 * <p>Limits that depend on the provider (the lease and the nack backoff must not exceed its
 * {@code maxLease}) are checked when the listener starts.
 */
public final class ListenerOptions {

    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    /** The most handler threads one listener runs. */
    public static final int MAX_CONCURRENCY = 1000;

    private static final ListenerErrorHandler LOGGING = (message, error) -> {
        if (message.isPresent()) {
            LOG.warn("Handler failed on message {}: {}", message.get().id(), error.toString());
        } else {
            LOG.warn("Listener operation failed: {}", error.toString());
        }
    };

    private final int concurrency;
    private final int maxInFlight;
    private final long maxInFlightBytes;
    private final int batchSize;
    private final Duration lease;
    private final Duration maxProcessingTime;
    private final Duration nackBackoff;
    private final Duration pollWait;
    private final int pollers;
    private final ListenerErrorHandler errorHandler;
    private final Executor executor;

    private ListenerOptions(Builder b) {
        this.concurrency = b.concurrency;
        this.batchSize = b.batchSize;
        this.maxInFlight = b.maxInFlight > 0 ? b.maxInFlight : b.batchSize + 2 * b.concurrency;
        this.maxInFlightBytes = b.maxInFlightBytes;
        this.lease = b.lease;
        this.maxProcessingTime = b.maxProcessingTime;
        this.nackBackoff = b.nackBackoff;
        this.pollWait = b.pollWait;
        this.pollers = b.pollers;
        this.errorHandler = b.errorHandler;
        this.executor = b.executor;
    }

    /**
     * The defaults: concurrency 4, batch size 10, at most {@code batchSize + 2 × concurrency}
     * messages and 100 MiB in flight, a 30-second lease extended for up to an hour, immediate
     * redelivery on failure, 10-second long polls by one poller, failures logged, and the
     * listener's own handler threads.
     *
     * @return the default options
     */
    public static ListenerOptions defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How many handlers run at once.
     *
     * @return 1 to {@value #MAX_CONCURRENCY}
     */
    public int concurrency() {
        return concurrency;
    }

    /**
     * The most messages received and not yet settled (acked or nacked) at any time; the listener
     * does not receive more until some settle.
     *
     * @return at least 1
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    /**
     * The body bytes in flight at which the listener stops receiving until some messages settle.
     * Message sizes are known only after a receive, so one receive may overshoot it by up to
     * {@link #batchSize()} messages.
     *
     * @return at least 1
     */
    public long maxInFlightBytes() {
        return maxInFlightBytes;
    }

    /**
     * The most messages one receive asks for, and the size of a batch for a {@link BatchHandler}.
     *
     * @return 1 to {@value ReceiveOptions#MAX_MESSAGES}
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The lease each message is received with, and the length of every extension.
     *
     * @return at least one second; at most the provider's {@code maxLease}
     */
    public Duration lease() {
        return lease;
    }

    /**
     * How long after receipt the listener keeps extending a message's lease while it waits or its
     * handler runs; after that the lease is left to expire and the provider redelivers the message.
     *
     * @return not negative
     */
    public Duration maxProcessingTime() {
        return maxProcessingTime;
    }

    /**
     * How long a failed message stays invisible before it is redelivered. Zero nacks it (visible
     * again at once); a positive backoff sets its lease to the backoff instead, which every
     * provider's lease can do.
     *
     * @return zero, or one second to the provider's {@code maxLease}
     */
    public Duration nackBackoff() {
        return nackBackoff;
    }

    /**
     * How long each receive waits for a first message (long poll). A stop waits at most this long
     * for a receive in progress.
     *
     * @return 0 to {@value ReceiveOptions#MAX_WAIT_SECONDS} seconds
     */
    public Duration pollWait() {
        return pollWait;
    }

    /**
     * How many threads receive in parallel (more help when a single receive round trip, not the
     * handlers, limits throughput).
     *
     * @return 1 to 16
     */
    public int pollers() {
        return pollers;
    }

    /**
     * Where failures are reported.
     *
     * @return the error handler
     */
    public ListenerErrorHandler errorHandler() {
        return errorHandler;
    }

    /**
     * The executor handlers run on, when the user supplied one.
     *
     * @return the executor, or empty for the listener's own threads
     */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    @Override
    public String toString() {
        return "ListenerOptions[concurrency=" + concurrency + ", maxInFlight=" + maxInFlight + ", maxInFlightBytes="
                + maxInFlightBytes + ", batchSize=" + batchSize + ", lease=" + lease + ", maxProcessingTime="
                + maxProcessingTime + ", nackBackoff=" + nackBackoff + ", pollWait=" + pollWait + ", pollers="
                + pollers + (executor == null ? "" : ", executor=" + executor) + "]";
    }

    /** Builds {@link ListenerOptions}; not thread-safe. */
    public static final class Builder {

        private int concurrency = 4;
        private int maxInFlight;
        private long maxInFlightBytes = 100L * 1024 * 1024;
        private int batchSize = 10;
        private Duration lease = Duration.ofSeconds(30);
        private Duration maxProcessingTime = Duration.ofHours(1);
        private Duration nackBackoff = Duration.ZERO;
        private Duration pollWait = Duration.ofSeconds(10);
        private int pollers = 1;
        private ListenerErrorHandler errorHandler = LOGGING;
        private Executor executor;

        private Builder() {
        }

        /**
         * How many handlers run at once.
         *
         * @param value 1 to {@value ListenerOptions#MAX_CONCURRENCY}
         * @return this builder
         */
        public Builder concurrency(int value) {
            this.concurrency = value;
            return this;
        }

        /**
         * The most messages in flight (received, not yet settled).
         *
         * @param value at least 1; by default {@code batchSize + 2 × concurrency}
         * @return this builder
         */
        public Builder maxInFlight(int value) {
            if (value < 1) {
                throw CloudException.invalidArgument("maxInFlight must be at least 1 (found " + value + ")");
            }
            this.maxInFlight = value;
            return this;
        }

        /**
         * The body bytes in flight at which receiving pauses.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxInFlightBytes(long value) {
            this.maxInFlightBytes = value;
            return this;
        }

        /**
         * The most messages per receive (and per batch for a batch handler).
         *
         * @param value 1 to {@value ReceiveOptions#MAX_MESSAGES}
         * @return this builder
         */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * The lease messages are received with and extended by.
         *
         * @param value at least one second
         * @return this builder
         */
        public Builder lease(Duration value) {
            this.lease = Objects.requireNonNull(value, "lease");
            return this;
        }

        /**
         * How long the listener keeps extending a message's lease.
         *
         * @param value not negative
         * @return this builder
         */
        public Builder maxProcessingTime(Duration value) {
            this.maxProcessingTime = Objects.requireNonNull(value, "maxProcessingTime");
            return this;
        }

        /**
         * How long a failed message stays invisible before redelivery.
         *
         * @param value zero (nack at once) or at least one second
         * @return this builder
         */
        public Builder nackBackoff(Duration value) {
            this.nackBackoff = Objects.requireNonNull(value, "nackBackoff");
            return this;
        }

        /**
         * How long each receive waits for a first message.
         *
         * @param value 0 to {@value ReceiveOptions#MAX_WAIT_SECONDS} seconds
         * @return this builder
         */
        public Builder pollWait(Duration value) {
            this.pollWait = Objects.requireNonNull(value, "pollWait");
            return this;
        }

        /**
         * How many threads receive in parallel.
         *
         * @param value 1 to 16
         * @return this builder
         */
        public Builder pollers(int value) {
            this.pollers = value;
            return this;
        }

        /**
         * Where failures are reported (by default, logged).
         *
         * @param value the error handler
         * @return this builder
         */
        public Builder errorHandler(ListenerErrorHandler value) {
            this.errorHandler = Objects.requireNonNull(value, "errorHandler");
            return this;
        }

        /**
         * Runs handlers on this executor instead of the listener's own threads; for example
         * {@code Executors.newVirtualThreadPerTaskExecutor()} on Java 21. The listener submits
         * {@code concurrency} long-running worker tasks to it, so it must be able to run that many at
         * once. The listener never shuts it down.
         *
         * @param value the executor
         * @return this builder
         */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * Checks and builds the options.
         *
         * @return the options
         * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} when a value is out of range
         */
        public ListenerOptions build() {
            check(concurrency >= 1 && concurrency <= MAX_CONCURRENCY,
                    "concurrency must be from 1 to " + MAX_CONCURRENCY + " (found " + concurrency + ")");
            check(batchSize >= 1 && batchSize <= ReceiveOptions.MAX_MESSAGES,
                    "batchSize must be from 1 to " + ReceiveOptions.MAX_MESSAGES + " (found " + batchSize + ")");
            check(maxInFlightBytes >= 1, "maxInFlightBytes must be at least 1 (found " + maxInFlightBytes + ")");
            check(lease.compareTo(Duration.ofSeconds(1)) >= 0, "lease must be at least one second (found " + lease + ")");
            check(!maxProcessingTime.isNegative(), "maxProcessingTime must not be negative (found "
                    + maxProcessingTime + ")");
            check(nackBackoff.isZero() || nackBackoff.compareTo(Duration.ofSeconds(1)) >= 0,
                    "nackBackoff must be zero or at least one second (found " + nackBackoff + ")");
            check(!pollWait.isNegative() && pollWait.compareTo(Duration.ofSeconds(ReceiveOptions.MAX_WAIT_SECONDS)) <= 0,
                    "pollWait must be from 0 to " + ReceiveOptions.MAX_WAIT_SECONDS + " seconds (found " + pollWait + ")");
            check(pollers >= 1 && pollers <= 16, "pollers must be from 1 to 16 (found " + pollers + ")");
            return new ListenerOptions(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw CloudException.invalidArgument(message);
            }
        }
    }
}

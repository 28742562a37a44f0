package dev.polycloud.message;

import java.time.Duration;
import java.util.Optional;

/**
 * How to receive: at most {@code maxMessages}, waiting up to {@code waitTime} for the first
 * one (long poll), each leased for {@code lease} (or the queue's or subscription's default).
 *
 * @param maxMessages 1 to {@value #MAX_MESSAGES}; the portable layer makes as many driver calls as needed
 * @param waitTime 0 to {@value #MAX_WAIT_SECONDS} seconds
 * @param lease how long received messages stay invisible to other receivers, or empty for the default
 */
public record ReceiveOptions(int maxMessages, Duration waitTime, Optional<Duration> lease) {

    /** The most messages one receive returns. */
    public static final int MAX_MESSAGES = 1000;
    /** The longest long-poll wait, in seconds (the smallest maximum among the clouds: SQS's 20 s). */
    public static final int MAX_WAIT_SECONDS = 20;

    /**
     * Checks the components.
     *
     * @param maxMessages see the record description
     * @param waitTime see the record description
     * @param lease see the record description
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when one is out of range
     */
    public ReceiveOptions {
        if (maxMessages < 1 || maxMessages > MAX_MESSAGES) {
            throw dev.polycloud.CloudException.invalidArgument(
                    "maxMessages must be from 1 to " + MAX_MESSAGES + " (found " + maxMessages + ")");
        }
        if (waitTime == null || waitTime.isNegative() || waitTime.compareTo(Duration.ofSeconds(MAX_WAIT_SECONDS)) > 0) {
            throw dev.polycloud.CloudException.invalidArgument(
                    "waitTime must be from 0 to " + MAX_WAIT_SECONDS + " seconds (found " + waitTime + ")");
        }
        lease = lease == null ? Optional.empty() : lease;
    }

    /**
     * Up to {@code maxMessages}, waiting up to {@code waitTime}, with the default lease.
     *
     * @param maxMessages 1 to {@value #MAX_MESSAGES}
     * @param waitTime 0 to {@value #MAX_WAIT_SECONDS} seconds
     * @return the options
     */
    public static ReceiveOptions of(int maxMessages, Duration waitTime) {
        return new ReceiveOptions(maxMessages, waitTime, Optional.empty());
    }

    /**
     * A copy with an explicit lease.
     *
     * @param duration the lease, from 1 second to the provider's {@code maxLease}
     * @return the new options
     */
    public ReceiveOptions withLease(Duration duration) {
        return new ReceiveOptions(maxMessages, waitTime, Optional.of(duration));
    }
}

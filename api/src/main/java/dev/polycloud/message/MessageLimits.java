package dev.polycloud.message;

import java.time.Duration;

/**
 * The message limits a provider declares for its queues or topics; the portable layer enforces
 * them before any network call.
 *
 * @param maxMessageBytes the largest message: body bytes plus UTF-8 bytes of every attribute name and value
 * @param maxAttributes the most attributes on one message
 * @param maxBatchSize the most messages the driver sends in one call (larger batches are split)
 * @param maxReceiveBatch the most messages the driver returns from one receive call
 * @param maxLease the longest lease (visibility timeout, ack deadline) a receive or extend may ask for
 */
public record MessageLimits(int maxMessageBytes, int maxAttributes, int maxBatchSize, int maxReceiveBatch,
                            Duration maxLease) {

    /**
     * Checks the components.
     *
     * @param maxMessageBytes see the record description
     * @param maxAttributes see the record description
     * @param maxBatchSize see the record description
     * @param maxReceiveBatch see the record description
     * @param maxLease see the record description
     * @throws IllegalArgumentException when a limit is not positive (a provider bug)
     */
    public MessageLimits {
        if (maxMessageBytes < 1 || maxAttributes < 0 || maxBatchSize < 1 || maxReceiveBatch < 1
                || maxLease == null || maxLease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("Message limits must be positive");
        }
    }
}

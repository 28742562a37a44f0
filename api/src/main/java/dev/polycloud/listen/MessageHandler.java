package dev.polycloud.listen;

import dev.polycloud.message.ReceivedMessage;

/**
 * Handles one message for a {@link Listener}. Returning normally acks the message; throwing
 * anything nacks it (redelivered later, with {@link ListenerOptions#nackBackoff()} if set, and
 * dead-lettered after the queue's {@code maxDeliveries}).
 *
 * <p>Handlers run concurrently on up to {@link ListenerOptions#concurrency()} threads and must be
 * thread-safe. Delivery is at least once: a handler must tolerate seeing a message again.
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Processes one message.
     *
     * @param message the leased message; the listener extends its lease while this runs
     * @throws Exception any failure, which nacks the message
     */
    void handle(ReceivedMessage message) throws Exception;
}

package dev.polycloud.internal;

import dev.polycloud.message.Message;

/**
 * What the portable layer needs of the cloud's queues to dead-letter messages itself: whether
 * a queue exists, and sending to it. {@link dev.polycloud.Cloud} implements it over its queues.
 */
public interface DeadLetterQueues {

    /**
     * Whether the named queue exists.
     *
     * @param queue the portable queue name
     * @return true if it exists
     */
    boolean exists(String queue);

    /**
     * Sends a message to the named queue.
     *
     * @param queue the portable queue name
     * @param message the message
     */
    void send(String queue, Message message);
}

package dev.polycloud.listen;

import dev.polycloud.message.ReceivedMessage;
import java.util.Optional;

/**
 * Told about every failure inside a {@link Listener}: a handler that threw (with its message), a
 * receive, ack, nack or lease extension that failed after the portable layer's retries (without
 * one). It is informational: the listener has already decided what to do (nack, back off, stop).
 * It runs on the listener's threads and must not block for long; an exception it throws is logged
 * and ignored. The default logs through SLF4J.
 */
@FunctionalInterface
public interface ListenerErrorHandler {

    /**
     * Reports one failure.
     *
     * @param message the message being handled, or empty for a failure not tied to one message
     * @param error the failure
     */
    void onError(Optional<ReceivedMessage> message, Throwable error);
}

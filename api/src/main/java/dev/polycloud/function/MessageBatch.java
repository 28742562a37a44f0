package dev.polycloud.function;

import dev.polycloud.message.ReceivedMessage;
import java.util.List;
import java.util.Objects;

/**
 * The event a queue or subscription trigger hands to a function: a batch of messages. The
 * handler returns a {@link BatchResult} naming the messages it failed; only those are
 * redelivered (and eventually dead-lettered).
 *
 * @param source where the messages come from: {@code queue/<name>} or {@code subscription/<topic>/<name>}
 * @param messages the messages, in delivery order
 */
public record MessageBatch(String source, List<ReceivedMessage> messages) {

    /**
     * Copies the list.
     *
     * @param source see the record description
     * @param messages see the record description
     */
    public MessageBatch {
        Objects.requireNonNull(source, "source");
        messages = List.copyOf(messages);
    }
}

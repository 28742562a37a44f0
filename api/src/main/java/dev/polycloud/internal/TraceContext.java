package dev.polycloud.internal;

import dev.polycloud.message.Message;
import dev.polycloud.message.MessageLimits;
import dev.polycloud.spi.OperationObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds the observer's trace context ({@link OperationObserver#outgoingContext()}) to outgoing messages: the
 * producer side of trace propagation, called by {@code Queue} and {@code Topic} inside the send operation's
 * scope.
 *
 * <p>Attribute limit: the context ({@code traceparent}, and {@code tracestate} when there is one) is added
 * after the user's message was validated, so it never makes a valid send fail. It needs room under the
 * provider's limits: when the message already has {@code maxAttributes - n} attributes or more, or the added
 * bytes would go over {@code maxMessageBytes}, the message is sent without the context (the trace is broken at
 * that hop, nothing else changes). A context attribute the user set themselves is kept as it is. Consumers see
 * {@code traceparent}/{@code tracestate} among the received attributes.
 */
public final class TraceContext {

    /** The W3C trace context attribute. */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C vendor trace state attribute. */
    public static final String TRACESTATE = "tracestate";

    private TraceContext() {
    }

    /**
     * The messages with the current trace context added where it fits; the same list when there is no
     * observer or no context.
     *
     * @param retrier the retrier, whose observer gives the context
     * @param messages the validated messages
     * @param limits the provider's message limits
     * @return the messages to hand to the driver
     */
    public static List<Message> inject(Retrier retrier, List<Message> messages, MessageLimits limits) {
        OperationObserver observer = retrier.observer();
        if (observer == OperationObserver.NONE) {
            return messages;
        }
        Map<String, String> context;
        try {
            context = observer.outgoingContext();
        } catch (RuntimeException e) {
            return messages;
        }
        if (context == null || context.isEmpty()) {
            return messages;
        }
        List<Message> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            out.add(withContext(m, context, limits));
        }
        return out;
    }

    /**
     * One message with the context added where it fits (see the class description).
     *
     * @param message the message
     * @param context the attributes to add
     * @param limits the provider's limits
     * @return the message, changed or not
     */
    static Message withContext(Message message, Map<String, String> context, MessageLimits limits) {
        Map<String, String> attributes = message.attributes();
        if (attributes.containsKey(TRACEPARENT)) {
            return message;
        }
        long size = message.bodySize();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            size += utf8(e.getKey()) + utf8(e.getValue());
        }
        for (Map.Entry<String, String> e : context.entrySet()) {
            size += utf8(e.getKey()) + utf8(e.getValue());
        }
        if (attributes.size() + context.size() > limits.maxAttributes() || size > limits.maxMessageBytes()) {
            return message;
        }
        return message.toBuilder().attributes(context).build();
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

package dev.polycloud.azure.functions;

import dev.polycloud.azure.queues.AzureQueueDriver;
import dev.polycloud.azure.queues.QueueEnvelope;

import dev.polycloud.message.Message;
import java.time.Instant;

/** The queue driver's message text, for tests outside this package (the adapter's). */
public final class TestEnvelopes {

    private TestEnvelopes() {
    }

    /**
     * The text {@link AzureQueueDriver} writes for a message.
     *
     * @param message the message
     * @param sentAt the send time
     * @return the Storage Queue message text
     */
    public static String encode(Message message, Instant sentAt) {
        return QueueEnvelope.encode(message, sentAt);
    }
}

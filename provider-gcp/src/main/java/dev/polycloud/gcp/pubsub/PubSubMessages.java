package dev.polycloud.gcp.pubsub;

import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.gcp.internal.GcpFutures;
import java.util.concurrent.CompletableFuture;

import com.google.api.gax.rpc.ApiException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PubsubMessage;
import dev.polycloud.message.Message;
import java.time.Duration;
import dev.polycloud.spi.BatchOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishing and the attributes Pub/Sub adds by itself, shared by queues and topics.
 *
 * <p>A portable message becomes a {@link PubsubMessage}: body as data, attributes as attributes,
 * ordering group as ordering key. A batch goes out in as few Publish calls as Pub/Sub's 10 MiB
 * request limit allows, in order, so the ids come back in the order of the messages.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class PubSubMessages {

    /** The largest message Pub/Sub takes (data plus attributes): 10 MB. */
    public static final int MAX_MESSAGE_BYTES = 10_000_000;
    /** The most attributes on one message. */
    public static final int MAX_ATTRIBUTES = 100;
    /** The most messages in one Publish call. */
    public static final int MAX_PUBLISH_BATCH = 1000;
    /** The budget of one Publish request, below Pub/Sub's 10 MiB limit. */
    static final long REQUEST_BUDGET = 10_000_000L;

    /** The subscription a dead-lettered message came from. */
    static final String SOURCE_SUBSCRIPTION = "CloudPubSubDeadLetterSourceSubscription";
    /** The delivery count a dead-lettered message had at its source. */
    static final String SOURCE_DELIVERY_COUNT = "CloudPubSubDeadLetterSourceDeliveryCount";
    /** When a dead-lettered message was first published. */
    static final String SOURCE_PUBLISH_TIME = "CloudPubSubDeadLetterSourceTopicPublishTime";
    /** The project of the subscription a dead-lettered message came from. */
    static final String SOURCE_PROJECT = "CloudPubSubDeadLetterSourceSubscriptionProject";
    /** Every attribute Pub/Sub adds when dead-lettering. */
    static final java.util.Set<String> DEAD_LETTER_ATTRIBUTES = java.util.Set.of(SOURCE_SUBSCRIPTION,
            SOURCE_DELIVERY_COUNT, SOURCE_PUBLISH_TIME, SOURCE_PROJECT);


    private PubSubMessages() {
    }

    /**
     * Publishes messages in order, each request once (the driver contract: no retries). When a
     * request fails after earlier ones were published, its messages and the unsent ones are failed
     * entries carrying that error, so the portable layer does not publish the earlier ones twice.
     *
     * @param clients the clients
     * @param topicPath the topic
     * @param messages validated messages
     * @param resource the portable resource, for errors
     * @return one entry per message, in order: the message id, or the failure
     * @throws dev.polycloud.CloudException when the first request failed
     */
    static BatchOutcome<String> publish(PubSubClients clients, String topicPath, List<Message> messages,
                                        String resource) {
        List<PublishRequest> requests = requests(topicPath, messages);
        BatchOutcome.Builder<String> outcome = BatchOutcome.builder(messages.size());
        int sent = 0;
        for (PublishRequest r : requests) {
            List<String> ids;
            try {
                ids = send(clients, r, resource);
            } catch (dev.polycloud.CloudException e) {
                if (sent == 0) {
                    throw e;
                }
                for (int i = sent; i < messages.size(); i++) {
                    outcome.failure(i, e);
                }
                return outcome.build();
            }
            for (String id : ids) {
                outcome.success(sent++, id);
            }
        }
        return outcome.build();
    }

    /** The Publish requests of a batch: in order, each within Pub/Sub's count and size limits. */
    private static List<PublishRequest> requests(String topicPath, List<Message> messages) {
        List<PublishRequest> requests = new ArrayList<>();
        PublishRequest.Builder request = PublishRequest.newBuilder().setTopic(topicPath);
        long bytes = 0;
        for (Message m : messages) {
            PubsubMessage pm = toPubsub(m);
            long size = pm.getSerializedSize() + 16L;
            if (request.getMessagesCount() > 0
                    && (bytes + size > REQUEST_BUDGET || request.getMessagesCount() >= MAX_PUBLISH_BATCH)) {
                requests.add(request.build());
                request = PublishRequest.newBuilder().setTopic(topicPath);
                bytes = 0;
            }
            request.addMessages(pm);
            bytes += size;
        }
        requests.add(request.build());
        return requests;
    }

    /**
     * {@link #publish} without blocking: the same requests, sent one after the other on the
     * publisher stub's futures (no thread waits), with the same per-entry outcome.
     *
     * @param clients the clients
     * @param topicPath the topic
     * @param messages validated messages
     * @param resource the portable resource, for errors
     * @return one entry per message, in order; completed exceptionally when the first request failed
     */
    static CompletableFuture<BatchOutcome<String>> publishAsync(PubSubClients clients, String topicPath,
                                                               List<Message> messages, String resource) {
        List<PublishRequest> requests;
        try {
            requests = requests(topicPath, messages);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(GcpErrors.map(e, "publish", resource));
        }
        return publishFrom(clients, requests, 0, 0, BatchOutcome.builder(messages.size()), messages.size(), resource);
    }

    private static CompletableFuture<BatchOutcome<String>> publishFrom(PubSubClients clients,
            List<PublishRequest> requests, int index, int sent, BatchOutcome.Builder<String> outcome, int total,
            String resource) {
        if (index == requests.size()) {
            return CompletableFuture.completedFuture(outcome.build());
        }
        return GcpFutures.of(() -> clients.publisher().publishCallable().futureCall(requests.get(index),
                PubSubClients.call(clients.timeout())), "publish", resource).handle((response, error) -> {
                    if (error != null) {
                        dev.polycloud.CloudException e = GcpErrors.map(error, "publish", resource);
                        if (sent == 0) {
                            return CompletableFuture.<BatchOutcome<String>>failedFuture(e);
                        }
                        for (int i = sent; i < total; i++) {
                            outcome.failure(i, e);
                        }
                        return CompletableFuture.completedFuture(outcome.build());
                    }
                    int n = sent;
                    for (String id : response.getMessageIdsList()) {
                        outcome.success(n++, id);
                    }
                    return publishFrom(clients, requests, index + 1, n, outcome, total, resource);
                }).thenCompose(f -> f);
    }

    private static List<String> send(PubSubClients clients, PublishRequest request, String resource) {
        try {
            PublishResponse response = clients.publisher().publishCallable().call(request,
                    PubSubClients.call(clients.timeout()));
            return response.getMessageIdsList();
        } catch (ApiException e) {
            throw GcpErrors.map(e, "publish", resource);
        }
    }

    /**
     * The Pub/Sub message of a portable one. {@link Message#body()} returns a fresh copy that nothing
     * else holds, so it is wrapped, not copied a second time.
     */
    static PubsubMessage toPubsub(Message m) {
        PubsubMessage.Builder b = PubsubMessage.newBuilder().setData(UnsafeByteOperations.unsafeWrap(m.body()))
                .putAllAttributes(m.attributes());
        m.orderingGroup().ifPresent(b::setOrderingKey);
        return b.build();
    }

    /**
     * The attributes the sender set: without those Pub/Sub adds when it dead-letters a message,
     * or client libraries add for tracing.
     *
     * @param attributes the attributes as received
     * @return the sender's attributes
     */
    static Map<String, String> senderAttributes(Map<String, String> attributes) {
        Map<String, String> out = new LinkedHashMap<>(attributes.size());
        attributes.forEach((k, v) -> {
            if (!DEAD_LETTER_ATTRIBUTES.contains(k) && !k.startsWith("googclient_")) {
                out.put(k, v);
            }
        });
        return out;
    }
}

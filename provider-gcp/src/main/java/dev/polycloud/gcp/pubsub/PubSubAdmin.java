package dev.polycloud.gcp.pubsub;

import dev.polycloud.gcp.internal.GcpErrors;

import com.google.api.gax.rpc.ApiException;
import com.google.pubsub.v1.Subscription;
import io.grpc.Status;
import java.util.Optional;

/** The admin calls the drivers make, with errors mapped in one place. */
final class PubSubAdmin {

    private final PubSubClients clients;

    PubSubAdmin(PubSubClients clients) {
        this.clients = clients;
    }

    String topicPath(String id) {
        return PubSubNames.topicPath(clients.project(), id);
    }

    String subscriptionPath(String id) {
        return PubSubNames.subscriptionPath(clients.project(), id);
    }

    /**
     * Creates a topic unless it exists.
     *
     * @return true if this call created it
     */
    boolean createTopic(String id, String resource) {
        try {
            clients.topics().createTopic(topicPath(id));
            return true;
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.ALREADY_EXISTS)) {
                return false;
            }
            throw GcpErrors.map(e, "create", resource);
        }
    }

    boolean topicExists(String id, String resource) {
        try {
            clients.topics().getTopic(topicPath(id));
            return true;
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.NOT_FOUND)) {
                return false;
            }
            throw GcpErrors.map(e, "exists", resource);
        }
    }

    /**
     * Deletes a topic.
     *
     * @return false if it did not exist
     */
    boolean deleteTopic(String id, String resource) {
        try {
            clients.topics().deleteTopic(topicPath(id));
            return true;
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.NOT_FOUND)) {
                return false;
            }
            throw GcpErrors.map(e, "delete", resource);
        }
    }

    /**
     * Creates a subscription.
     *
     * @return false if one of that name existed already (left untouched)
     */
    boolean createSubscription(Subscription subscription, String resource) {
        try {
            clients.subscriptions().createSubscription(subscription);
            return true;
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.ALREADY_EXISTS)) {
                return false;
            }
            throw GcpErrors.map(e, "create", resource);
        }
    }

    Optional<Subscription> getSubscription(String id, String resource) {
        try {
            return Optional.of(clients.subscriptions().getSubscription(subscriptionPath(id)));
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.NOT_FOUND)) {
                return Optional.empty();
            }
            throw GcpErrors.map(e, "describe", resource);
        }
    }

    /**
     * Deletes a subscription.
     *
     * @return false if it did not exist
     */
    boolean deleteSubscription(String id, String resource) {
        try {
            clients.subscriptions().deleteSubscription(subscriptionPath(id));
            return true;
        } catch (ApiException e) {
            if (GcpErrors.is(e, Status.Code.NOT_FOUND)) {
                return false;
            }
            throw GcpErrors.map(e, "delete", resource);
        }
    }

    /** Deletes quietly, for clean-up after a failed create. */
    void deleteQuietly(String subscriptionId, String topicId) {
        try {
            if (subscriptionId != null) {
                clients.subscriptions().deleteSubscription(subscriptionPath(subscriptionId));
            }
        } catch (RuntimeException e) {
            // best effort
        }
        try {
            if (topicId != null) {
                clients.topics().deleteTopic(topicPath(topicId));
            }
        } catch (RuntimeException e) {
            // best effort
        }
    }
}

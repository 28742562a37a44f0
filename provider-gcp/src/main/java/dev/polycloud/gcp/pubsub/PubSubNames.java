package dev.polycloud.gcp.pubsub;

import java.util.Optional;

/**
 * How portable names map to Pub/Sub resource ids. Queues and topics live in separate namespaces,
 * as they do on every other provider, so each gets a prefix; portable names never contain a
 * period, which makes every mapping unambiguous and reversible:
 *
 * <ul>
 *   <li>queue {@code orders}: topic {@code q.orders} with the one subscription {@code q.orders}, and its
 *       hidden parking topic and subscription {@code q.orders.parked} (see {@link PubSubOptions});</li>
 *   <li>topic {@code events}: topic {@code t.events};</li>
 *   <li>subscription {@code audit} of topic {@code events}: subscription {@code t.events.audit};</li>
 *   <li>its hidden parking topic and subscription {@code t.events.audit.parked}.</li>
 * </ul>
 *
 * <p>Pub/Sub ids are 3 to 255 characters starting with a letter, so the longest portable names
 * (63 characters) fit easily.
 */
final class PubSubNames {

    /** The prefix of queue topics and subscriptions. */
    static final String QUEUE_PREFIX = "q.";
    /** The prefix of portable topics and their subscriptions. */
    static final String TOPIC_PREFIX = "t.";
    /** The suffix of hidden parking topics and subscriptions. */
    static final String PARKING_SUFFIX = ".parked";

    private PubSubNames() {
    }

    static String queueId(String queue) {
        return QUEUE_PREFIX + queue;
    }

    static String topicId(String topic) {
        return TOPIC_PREFIX + topic;
    }

    static String subscriptionId(String topic, String subscription) {
        return TOPIC_PREFIX + topic + "." + subscription;
    }

    static String parkingId(String topic, String subscription) {
        return subscriptionId(topic, subscription) + PARKING_SUFFIX;
    }

    static String queueParkingId(String queue) {
        return queueId(queue) + PARKING_SUFFIX;
    }

    static String topicPath(String project, String id) {
        return "projects/" + project + "/topics/" + id;
    }

    static String subscriptionPath(String project, String id) {
        return "projects/" + project + "/subscriptions/" + id;
    }

    /**
     * The last segment of a resource path.
     *
     * @param path a path such as {@code projects/p/topics/q.orders}, or a bare id
     * @return the id
     */
    static String id(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The portable queue a topic path belongs to.
     *
     * @param topicPath a topic path
     * @return the queue name, or empty when the topic is not a queue's
     */
    static Optional<String> queueOfTopic(String topicPath) {
        String id = id(topicPath);
        if (id.startsWith(QUEUE_PREFIX) && id.indexOf('.', QUEUE_PREFIX.length()) < 0
                && id.length() > QUEUE_PREFIX.length()) {
            return Optional.of(id.substring(QUEUE_PREFIX.length()));
        }
        return Optional.empty();
    }
}

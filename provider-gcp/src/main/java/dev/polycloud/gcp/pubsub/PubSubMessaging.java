package dev.polycloud.gcp.pubsub;

import dev.polycloud.spi.QueueDriver;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TopicDriver;
import dev.polycloud.spi.TopicDrivers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out the Pub/Sub queue and topic drivers of one {@code Cloud} (one driver per name, so their
 * cached subscription settings and extended leases are shared) and closes the Pub/Sub clients with
 * the cloud. Creating it connects to nothing.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class PubSubMessaging implements QueueDrivers, TopicDrivers, AutoCloseable {

    private final PubSubClients clients;
    private final PubSubBacklog backlog;
    private final Map<String, PubSubQueueDriver> queues = new ConcurrentHashMap<>();
    private final Map<String, PubSubTopicDriver> topics = new ConcurrentHashMap<>();

    public PubSubMessaging(PubSubClients clients) {
        this.clients = clients;
        this.backlog = new PubSubBacklog(clients);
    }

    @Override
    public QueueDriver queue(String name) {
        return queues.computeIfAbsent(name, n -> new PubSubQueueDriver(clients, backlog, n));
    }

    @Override
    public TopicDriver topic(String name) {
        return topics.computeIfAbsent(name, n -> new PubSubTopicDriver(clients, n));
    }

    @Override
    public void close() {
        backlog.close();
        clients.close();
    }
}

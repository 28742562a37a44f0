package dev.polycloud.local.messaging;

import dev.polycloud.local.internal.Ids;

import dev.polycloud.message.Message;
import dev.polycloud.topic.SubscriptionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One in-memory topic and its subscriptions (each a {@link MessageStore}).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalTopic {

    private final String name;
    private final Map<String, MessageStore> subscriptions = new ConcurrentHashMap<>();

    LocalTopic(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    Map<String, MessageStore> subscriptions() {
        return subscriptions;
    }

    /** Copies each message to every subscription whose filter matches; one id per message for all. */
    List<String> publish(List<Message> messages) {
        List<String> ids = new ArrayList<>(messages.size());
        for (Message m : messages) {
            String id = Ids.next();
            for (MessageStore sub : subscriptions.values()) {
                SubscriptionOptions options = (SubscriptionOptions) sub.options();
                if (options.filter().map(f -> f.matches(m.attributes())).orElse(true)) {
                    sub.add(List.of(m), id);
                }
            }
            ids.add(id);
        }
        return ids;
    }

    public void markDeleted() {
        subscriptions.values().forEach(MessageStore::markDeleted);
        subscriptions.clear();
    }
}

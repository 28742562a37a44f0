package dev.polycloud.examples.orders;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;

/**
 * The resources the order functions use, opened once per function instance from the standard
 * configuration (system properties, {@code POLYCLOUD_*} environment, {@code polycloud.properties}):
 * in a cloud function the deployment sets them; in the local demo every cloud shares one
 * in-memory instance ({@code polycloud.local.instance}).
 */
final class Services {

    static final String ORDERS_TABLE = "orders";
    static final String EVENTS_TOPIC = "order-events";
    static final String NOTIFY_SUBSCRIPTION = "notify-on-create";
    static final String NOTIFICATIONS_QUEUE = "notifications";
    static final String SUMMARIES_QUEUE = "order-summaries";
    static final String ORDER_CREATED = "order-created";
    /** Where order-created events go when the provider, as configured, has no topics (Azure without Service Bus). */
    static final String EVENTS_QUEUE = "order-events-fallback";

    private Services() {
    }

    /** Opened on first use by a handler, then reused by every invocation of that function instance. */
    private static final class Holder {
        static final Cloud CLOUD = Polycloud.open();
    }

    static Cloud cloud() {
        return Holder.CLOUD;
    }

    /**
     * Whether order-created events go through the topic. A provider may declare no topics as
     * configured; the application then degrades to a queue instead of failing, a choice it makes
     * from the declared capabilities rather than from the provider's name.
     */
    static boolean topics(Cloud cloud) {
        return cloud.capabilities().topics().supported();
    }
}

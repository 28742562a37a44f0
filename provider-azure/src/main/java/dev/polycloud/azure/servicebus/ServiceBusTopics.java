package dev.polycloud.azure.servicebus;

import dev.polycloud.azure.internal.AzureSettings;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import dev.polycloud.spi.TopicDriver;
import dev.polycloud.spi.TopicDrivers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic drivers on Azure Service Bus, and the resources they share: the administration client,
 * one AMQP connection (a shared {@link ServiceBusClientBuilder}), a sender per topic, a
 * peek-lock receiver per subscription, and a daemon thread that keeps leases. Everything is
 * created on first use and released by {@link #close()} (called by {@code Cloud.close()}).
 *
 * <p>Without Service Bus configuration every topic operation fails with
 * {@link dev.polycloud.ErrorCode#UNIMPLEMENTED} naming the configuration keys; queues and
 * tables are not affected.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class ServiceBusTopics implements TopicDrivers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceBusTopics.class);

    private final AzureSettings settings;
    private final Supplier<ServiceBusAdministrationClient> admin;
    private final Supplier<ServiceBusClientBuilder> connection;
    private final Supplier<ScheduledExecutorService> scheduler;
    private final Map<String, ServiceBusSenderClient> senders = new ConcurrentHashMap<>();
    private final Map<String, ServiceBusReceiverClient> receivers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ServiceBusSubscriptionDriver.Held>> held = new ConcurrentHashMap<>();
    private volatile boolean schedulerStarted;

    public ServiceBusTopics(AzureSettings settings, Supplier<ServiceBusAdministrationClient> admin) {
        this.settings = settings;
        this.admin = admin;
        this.connection = AzureSettings.memoize(settings::serviceBusClientBuilder);
        this.scheduler = AzureSettings.memoize(() -> {
            schedulerStarted = true;
            return Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "polycloud-azure-leases");
                t.setDaemon(true);
                return t;
            });
        });
    }

    @Override
    public TopicDriver topic(String name) {
        return new ServiceBusTopicDriver(name, this);
    }

    /** Fails unless Service Bus is configured. */
    void requireConfigured() {
        settings.requireServiceBus();
    }

    ServiceBusAdministrationClient admin() {
        requireConfigured();
        return admin.get();
    }

    ScheduledExecutorService scheduler() {
        return scheduler.get();
    }

    ServiceBusSenderClient sender(String topic) {
        requireConfigured();
        return senders.computeIfAbsent(topic, t -> connection.get().sender().topicName(t).buildClient());
    }

    ServiceBusReceiverClient receiver(String topic, String subscription) {
        requireConfigured();
        return receivers.computeIfAbsent(topic + "/" + subscription, k -> connection.get().receiver()
                .topicName(topic).subscriptionName(subscription)
                .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                .disableAutoComplete()
                .prefetchCount(0)
                .buildClient());
    }

    /**
     * The unsettled messages of one subscription, by lock token, shared by all its handles.
     *
     * @param topic the native topic name
     * @param subscription the native subscription name
     * @return the live map
     */
    Map<String, ServiceBusSubscriptionDriver.Held> held(String topic, String subscription) {
        return held.computeIfAbsent(topic + "/" + subscription, k -> new ConcurrentHashMap<>());
    }

    /** Drops (and closes) a receiver, for example after its subscription was deleted. */
    void dropReceiver(String topic, String subscription) {
        ServiceBusReceiverClient r = receivers.remove(topic + "/" + subscription);
        if (r != null) {
            closeQuietly(r);
        }
    }

    /** Drops (and closes) a sender, for example after its topic was deleted. */
    void dropSender(String topic) {
        ServiceBusSenderClient s = senders.remove(topic);
        if (s != null) {
            closeQuietly(s);
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>();
        all.addAll(senders.values());
        all.addAll(receivers.values());
        senders.clear();
        receivers.clear();
        held.values().forEach(m -> m.values().forEach(ServiceBusSubscriptionDriver.Held::cancel));
        held.clear();
        all.forEach(ServiceBusTopics::closeQuietly);
        if (schedulerStarted) {
            scheduler.get().shutdownNow();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed", c, e);
        }
    }

    @Override
    public String toString() {
        return "ServiceBusTopics[" + (settings.serviceBusConfigured() ? "configured" : "not configured") + "]";
    }
}

package dev.polycloud.azure.servicebus;

import dev.polycloud.azure.internal.AzureErrors;
import dev.polycloud.azure.internal.AzureNames;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.administration.models.CreateRuleOptions;
import com.azure.messaging.servicebus.administration.models.CreateSubscriptionOptions;
import com.azure.messaging.servicebus.administration.models.RuleProperties;
import com.azure.messaging.servicebus.administration.models.SubscriptionProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.DeadLetterPolicy;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.spi.SubscriptionDriver;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Service Bus subscription, received in peek-lock mode.
 *
 * <ul>
 *   <li><b>Create</b>: the lock duration is the default lease clamped to Service Bus's 5 s–5 min;
 *       the filter becomes the subscription's rule ({@link SubscriptionRules}); the portable
 *       options are kept in the subscription's user metadata (with the portable name, since
 *       names over 50 characters are shortened); the maximum delivery count is
 *       {@value #MAX_DELIVERY_COUNT}, so the broker does not dead-letter into its own sub-queue
 *       before the portable layer moves a message to the policy's queue.</li>
 *   <li><b>Leases</b>: Service Bus locks last the subscription's lock duration. A lease shorter
 *       than that is ended by abandoning the message when it runs out; a longer one is kept by
 *       renewing the lock until it runs out. Abandoning counts as a delivery, like an expired
 *       lock.</li>
 *   <li><b>Receipts</b> are lock tokens; the Java SDK settles messages by their received object,
 *       so a receipt is only usable with the {@code Cloud} that received it (elsewhere an ack is a
 *       no-op and an extend is {@link ErrorCode#PRECONDITION_FAILED}).</li>
 *   <li><b>Delivery count</b> is Service Bus's count (of earlier deliveries) plus one.</li>
 * </ul>
 */
final class ServiceBusSubscriptionDriver implements SubscriptionDriver {

    /** The broker's own dead-lettering threshold, far above the portable maximum of 100. */
    static final int MAX_DELIVERY_COUNT = 2000;
    static final Duration MIN_LOCK = Duration.ofSeconds(5);
    static final Duration MAX_LOCK = Duration.ofMinutes(5);
    private static final Duration MIN_RECEIVE_WAIT = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceBusTopicDriver topic;
    private final String name;
    private final String nativeName;
    private final String resource;
    private final ServiceBusTopics context;
    private final Map<String, Held> held;
    private volatile SubscriptionOptions cachedOptions;

    /**
     * A received, unsettled message and the task that ends or keeps its lease. Kept by the shared
     * {@link ServiceBusTopics}, so that every handle on the subscription can settle it.
     */
    static final class Held {
        final ServiceBusReceivedMessage message;
        volatile ScheduledFuture<?> task;

        Held(ServiceBusReceivedMessage message) {
            this.message = message;
        }

        void cancel() {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    ServiceBusSubscriptionDriver(ServiceBusTopicDriver topic, String name, ServiceBusTopics context) {
        this.topic = topic;
        this.name = name;
        this.nativeName = AzureNames.subscription(name);
        this.resource = "subscription " + topic.portableName() + "/" + name;
        this.context = context;
        this.held = context.held(topic.nativeName(), nativeName);
    }

    @Override
    public void create(SubscriptionOptions options) {
        try {
            context.admin().createSubscription(topic.nativeName(), nativeName, SubscriptionRules.RULE_NAME,
                    subscriptionOptions(name, options), ruleOptions(options));
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) != 409) {
                throw AzureErrors.map(e, resource);
            }
            SubscriptionOptions existing = options().orElseThrow(() -> AzureErrors.map(e, resource));
            if (!existing.equals(options)) {
                throw new CloudException(ErrorCode.ALREADY_EXISTS, "Subscription '" + name
                        + "' already exists with other options (" + existing + ")", AzureErrors.PROVIDER, resource, e);
            }
        }
        cachedOptions = options;
    }

    @Override
    public void delete() {
        try {
            context.admin().deleteSubscription(topic.nativeName(), nativeName);
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        } finally {
            cachedOptions = null;
            held.values().forEach(Held::cancel);
            held.clear();
            context.dropReceiver(topic.nativeName(), nativeName);
        }
    }

    @Override
    public boolean exists() {
        try {
            return context.admin().getSubscriptionExists(topic.nativeName(), nativeName);
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 404) {
                return false;
            }
            throw AzureErrors.map(e, resource);
        }
    }

    @Override
    public Optional<SubscriptionOptions> options() {
        SubscriptionProperties properties;
        try {
            properties = context.admin().getSubscription(topic.nativeName(), nativeName);
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 404) {
                return Optional.empty();
            }
            throw AzureErrors.map(e, resource);
        }
        Optional<SubscriptionFilter> filter = Optional.empty();
        try {
            Iterator<RuleProperties> rules = context.admin().listRules(topic.nativeName(), nativeName).iterator();
            if (rules.hasNext()) {
                filter = SubscriptionRules.fromRule(rules.next().getFilter());
            }
        } catch (CloudException e) {
            throw e.withContext(AzureErrors.PROVIDER, resource);
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
        SubscriptionOptions options = fromMetadata(properties.getUserMetadata(), properties.getLockDuration(), filter);
        cachedOptions = options;
        return Optional.of(options);
    }

    @Override
    public List<ReceivedMessage> receive(int maxMessages, Duration wait, Optional<Duration> lease) {
        SubscriptionOptions options = cachedOptions != null ? cachedOptions : options().orElseThrow(() ->
                new CloudException(ErrorCode.NOT_FOUND, "Subscription '" + name + "' of topic '"
                        + topic.portableName() + "' does not exist", AzureErrors.PROVIDER, resource, null));
        Duration leaseTime = lease.orElse(options.defaultLease());
        Duration lock = lockDuration(options.defaultLease());
        ServiceBusReceiverClient receiver = context.receiver(topic.nativeName(), nativeName);
        List<ReceivedMessage> out = new ArrayList<>();
        try {
            Duration w = wait.compareTo(MIN_RECEIVE_WAIT) < 0 ? MIN_RECEIVE_WAIT : wait;
            for (ServiceBusReceivedMessage m : receiver.receiveMessages(maxMessages, w)) {
                Held h = new Held(m);
                held.put(m.getLockToken(), h);
                keepLease(m.getLockToken(), h, leaseTime, lock);
                out.add(toReceived(m.getMessageId(), m.getBody().toBytes(), m.getApplicationProperties(),
                        m.getDeliveryCount(), m.getEnqueuedTime() == null ? Instant.now()
                                : m.getEnqueuedTime().toInstant(), m.getLockToken()));
            }
        } catch (RuntimeException e) {
            CloudException mapped = AzureErrors.map(e, resource);
            if (mapped.code() == ErrorCode.NOT_FOUND) {
                context.dropReceiver(topic.nativeName(), nativeName);
                cachedOptions = null;
            }
            throw mapped;
        }
        return out;
    }

    @Override
    public void ack(List<String> receipts) {
        settle(receipts, true);
    }

    @Override
    public void nack(List<String> receipts) {
        settle(receipts, false);
    }

    private void settle(List<String> receipts, boolean complete) {
        ServiceBusReceiverClient receiver = context.receiver(topic.nativeName(), nativeName);
        boolean checked = false;
        for (String receipt : receipts) {
            Held h = held.remove(receipt);
            if (h == null) {
                // Settled already, lease ended, or received by another Cloud: a no-op, unless the
                // subscription itself is gone.
                if (!checked && !exists()) {
                    throw new CloudException(ErrorCode.NOT_FOUND, "Subscription '" + name + "' of topic '"
                            + topic.portableName() + "' does not exist", AzureErrors.PROVIDER, resource, null);
                }
                checked = true;
                continue;
            }
            h.cancel();
            try {
                if (complete) {
                    receiver.complete(h.message);
                } else {
                    receiver.abandon(h.message);
                }
            } catch (RuntimeException e) {
                CloudException mapped = AzureErrors.map(e, resource);
                if (mapped.code() != ErrorCode.PRECONDITION_FAILED) {
                    throw mapped;
                }
                // A lost lock: the delivery is over, which is what a stale ack or nack means.
            }
        }
    }

    @Override
    public void extendLease(String receipt, Duration lease) {
        Held h = held.get(receipt);
        if (h == null) {
            throw new CloudException(ErrorCode.PRECONDITION_FAILED, "The lease of this message was lost (settled,"
                    + " ended, or received by another Cloud)", AzureErrors.PROVIDER, resource, null);
        }
        h.cancel();
        ServiceBusReceiverClient receiver = context.receiver(topic.nativeName(), nativeName);
        try {
            receiver.renewMessageLock(h.message);
        } catch (RuntimeException e) {
            held.remove(receipt);
            throw AzureErrors.map(e, resource);
        }
        SubscriptionOptions options = cachedOptions;
        Duration lock = lockDuration(options != null ? options.defaultLease() : lease);
        keepLease(receipt, h, lease, lock);
    }

    /**
     * Makes the lease last {@code lease} from now when the lock lasts {@code lock}: abandon at the
     * end of a shorter lease, renew the lock until the end of a longer one.
     */
    private void keepLease(String receipt, Held h, Duration lease, Duration lock) {
        if (lease.equals(lock)) {
            return;
        }
        long end = System.nanoTime() + lease.toNanos();
        schedule(receipt, h, end, lock);
    }

    private void schedule(String receipt, Held h, long end, Duration lock) {
        long now = System.nanoTime();
        long renewAt = now + lock.toNanos() * 4 / 5;
        long at = Math.min(end, renewAt);
        h.task = context.scheduler().schedule(() -> {
            if (held.get(receipt) != h) {
                return;
            }
            ServiceBusReceiverClient receiver = context.receiver(topic.nativeName(), nativeName);
            try {
                if (System.nanoTime() >= end) {
                    held.remove(receipt);
                    receiver.abandon(h.message);
                } else {
                    receiver.renewMessageLock(h.message);
                    schedule(receipt, h, end, lock);
                }
            } catch (RuntimeException e) {
                held.remove(receipt);
            }
        }, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- pure mappings (tested without a service)

    /**
     * The lock duration for a default lease: clamped to Service Bus's 5 seconds to 5 minutes.
     *
     * @param defaultLease the portable default lease
     * @return the lock duration
     */
    static Duration lockDuration(Duration defaultLease) {
        if (defaultLease.compareTo(MIN_LOCK) < 0) {
            return MIN_LOCK;
        }
        return defaultLease.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : defaultLease;
    }

    /**
     * The subscription's creation options.
     *
     * @param portableName the portable subscription name
     * @param options the portable options
     * @return the Service Bus options
     */
    static CreateSubscriptionOptions subscriptionOptions(String portableName, SubscriptionOptions options) {
        return new CreateSubscriptionOptions()
                .setLockDuration(lockDuration(options.defaultLease()))
                .setMaxDeliveryCount(MAX_DELIVERY_COUNT)
                .setDeadLetteringOnMessageExpiration(false)
                .setUserMetadata(toMetadata(portableName, options));
    }

    /**
     * The subscription's rule.
     *
     * @param options the portable options
     * @return the rule options
     */
    static CreateRuleOptions ruleOptions(SubscriptionOptions options) {
        return new CreateRuleOptions(SubscriptionRules.toRule(options.filter()));
    }

    /**
     * The user metadata that records the portable options (the filter lives in the rule).
     *
     * @param portableName the portable name
     * @param options the options
     * @return a small JSON document
     */
    static String toMetadata(String portableName, SubscriptionOptions options) {
        ObjectNode node = JSON.createObjectNode();
        node.put("pc", 1);
        node.put("name", portableName);
        node.put("lease", options.defaultLease().toString());
        options.deadLetter().ifPresent(d -> {
            node.put("dlq", d.deadLetterQueue());
            node.put("max", d.maxDeliveries());
        });
        return node.toString();
    }

    /**
     * Rebuilds portable options from user metadata, lock duration and rule.
     *
     * @param metadata the user metadata, possibly null (a subscription not made by Polycloud)
     * @param lockDuration the lock duration, used when the metadata has no lease
     * @param filter the filter read from the rule
     * @return the options
     */
    static SubscriptionOptions fromMetadata(String metadata, Duration lockDuration,
                                            Optional<SubscriptionFilter> filter) {
        Duration lease = lockDuration == null ? MIN_LOCK : lockDuration;
        Optional<DeadLetterPolicy> deadLetter = Optional.empty();
        if (metadata != null && metadata.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(metadata);
                if (node.path("lease").isTextual()) {
                    lease = Duration.parse(node.path("lease").asText());
                }
                if (node.path("dlq").isTextual() && node.path("max").isInt()) {
                    deadLetter = Optional.of(new DeadLetterPolicy(node.path("dlq").asText(), node.path("max").asInt()));
                }
            } catch (IOException | RuntimeException e) {
                // Hand-edited metadata: keep what could be read.
            }
        }
        return new SubscriptionOptions(lease, filter, deadLetter);
    }

    /**
     * The portable message for a received Service Bus message.
     *
     * @param id the message id
     * @param body the body
     * @param properties the application properties
     * @param serviceBusDeliveryCount Service Bus's delivery count (earlier deliveries)
     * @param enqueuedAt when the broker accepted it
     * @param lockToken the lock token
     * @return the portable message
     */
    static ReceivedMessage toReceived(String id, byte[] body, Map<String, Object> properties,
                                      long serviceBusDeliveryCount, Instant enqueuedAt, String lockToken) {
        Map<String, String> attributes = new LinkedHashMap<>();
        properties.forEach((k, v) -> attributes.put(k, String.valueOf(v)));
        int count = (int) Math.min(Integer.MAX_VALUE - 1L, Math.max(0, serviceBusDeliveryCount)) + 1;
        return new ReceivedMessage(id == null ? lockToken : id, body, attributes, count, enqueuedAt,
                Optional.empty(), lockToken);
    }

    @Override
    public String toString() {
        return "ServiceBusSubscriptionDriver[" + topic.portableName() + "/" + name + "]";
    }
}

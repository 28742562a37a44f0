package dev.polycloud.azure.servicebus;

import dev.polycloud.azure.internal.AzureErrors;
import dev.polycloud.azure.internal.AzureNames;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.SubscriptionDriver;
import dev.polycloud.spi.TopicDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One Service Bus topic. Publishing packs messages into {@link ServiceBusMessageBatch}es (as many
 * per batch as the broker's batch size allows); each message carries its body, its attributes as
 * string application properties, and a message id chosen here (returned to the caller).
 */
final class ServiceBusTopicDriver implements TopicDriver {

    private final String name;
    private final String nativeName;
    private final String resource;
    private final ServiceBusTopics context;

    ServiceBusTopicDriver(String name, ServiceBusTopics context) {
        this.name = name;
        this.nativeName = AzureNames.topic(name);
        this.resource = "topic " + name;
        this.context = context;
    }

    String portableName() {
        return name;
    }

    String nativeName() {
        return nativeName;
    }

    @Override
    public void create() {
        try {
            context.admin().createTopic(nativeName);
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) != 409) {
                throw AzureErrors.map(e, resource);
            }
        }
    }

    @Override
    public void delete() {
        try {
            context.admin().deleteTopic(nativeName);
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        } finally {
            context.dropSender(nativeName);
        }
    }

    @Override
    public boolean exists() {
        try {
            return context.admin().getTopicExists(nativeName);
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
    }

    @Override
    public BatchOutcome<String> publish(List<Message> messages) {
        ServiceBusSenderClient sender = context.sender(nativeName);
        List<String> ids = new ArrayList<>(messages.size());
        try {
            ServiceBusMessageBatch batch = sender.createMessageBatch();
            for (Message m : messages) {
                String id = UUID.randomUUID().toString();
                ServiceBusMessage sb = toServiceBus(m, id);
                if (!batch.tryAddMessage(sb)) {
                    if (batch.getCount() == 0) {
                        throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Message is larger than a Service Bus"
                                + " batch of topic '" + name + "' can hold", AzureErrors.PROVIDER, resource, null);
                    }
                    sender.sendMessages(batch);
                    batch = sender.createMessageBatch();
                    if (!batch.tryAddMessage(sb)) {
                        throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Message is larger than a Service Bus"
                                + " batch of topic '" + name + "' can hold", AzureErrors.PROVIDER, resource, null);
                    }
                }
                ids.add(id);
            }
            if (batch.getCount() > 0) {
                sender.sendMessages(batch);
            }
        } catch (CloudException e) {
            throw e;
        } catch (RuntimeException e) {
            CloudException mapped = AzureErrors.map(e, resource);
            if (mapped.code() == ErrorCode.NOT_FOUND) {
                context.dropSender(nativeName);
            }
            throw mapped;
        }
        return BatchOutcome.succeeded(ids);
    }

    /**
     * The Service Bus message for a portable message.
     *
     * @param m the message
     * @param id the message id
     * @return the Service Bus message
     */
    static ServiceBusMessage toServiceBus(Message m, String id) {
        ServiceBusMessage sb = new ServiceBusMessage(m.body());
        sb.setMessageId(id);
        sb.getApplicationProperties().putAll(m.attributes());
        return sb;
    }

    @Override
    public SubscriptionDriver subscription(String subscription) {
        return new ServiceBusSubscriptionDriver(this, subscription, context);
    }

    @Override
    public String toString() {
        return "ServiceBusTopicDriver[" + name + "]";
    }
}

package dev.polycloud.aws.sns;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.internal.Batches;
import dev.polycloud.aws.internal.MessageCodec;
import dev.polycloud.aws.sqs.SqsQueueDriver;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.spi.SubscriptionDriver;
import dev.polycloud.spi.TopicDriver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * A portable topic on SNS: the portable name is the topic name, and its ARN is built from the
 * account (asked of STS once) and region, so that publishing to a missing topic is
 * {@link ErrorCode#NOT_FOUND} instead of creating it.
 *
 * <p>Publishing uses {@code PublishBatch} (10 messages, 256 KiB per request), with bodies and
 * attributes encoded as for SQS (see {@link MessageCodec}). Each message gets a portable id (a
 * UUID) carried in the attribute {@value MessageCodec#ID_ATTRIBUTE}, which subscriptions report as the
 * received message's id: that attribute is why topics declare one attribute fewer than queues.
 * Each subscription is an SQS queue (see {@link SnsSubscriptionDriver}). Deleting a topic deletes
 * its SNS subscriptions but not their queues: the portable subscriptions keep their pending
 * messages and stop receiving new ones.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class SnsTopicDriver implements TopicDriver {

    private final AwsClients clients;
    private final String name;
    private final String resource;
    private volatile String arn;

    public SnsTopicDriver(AwsClients clients, String name) {
        this.clients = clients;
        this.name = name;
        this.resource = "topic " + name;
    }

    String name() {
        return name;
    }

    String arn() {
        String a = arn;
        if (a == null) {
            a = clients.arn("sns", name);
            arn = a;
        }
        return a;
    }

    private SnsClient sns() {
        return clients.sns();
    }

    @Override
    public void create() {
        arn = AwsErrors.call(resource, "CreateTopic", () -> sns().createTopic(b -> b.name(name)).topicArn());
    }

    @Override
    public void delete() {
        requireExists(resource);
        AwsErrors.call(resource, "DeleteTopic", () -> sns().deleteTopic(b -> b.topicArn(arn())));
    }

    @Override
    public boolean exists() {
        try {
            requireExists(resource);
            return true;
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Checks that the topic exists.
     *
     * @param forResource the resource to name in the error
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not
     */
    void requireExists(String forResource) {
        try {
            AwsErrors.call(forResource, "GetTopicAttributes", () -> sns().getTopicAttributes(b -> b.topicArn(arn())));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Topic '" + name + "' does not exist",
                        AwsErrors.PROVIDER, forResource, e.getCause());
            }
            throw e;
        }
    }

    @Override
    public List<String> publish(List<Message> messages) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>(messages.size());
        List<Integer> sizes = new ArrayList<>(messages.size());
        List<String> portableIds = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String body = MessageCodec.encodeBody(m.body());
            String id = UUID.randomUUID().toString();
            Map<String, String> attributes = new LinkedHashMap<>(m.attributes());
            attributes.put(MessageCodec.ID_ATTRIBUTE, id);
            entries.add(PublishBatchRequestEntry.builder().id("m" + i).message(body)
                    .messageAttributes(MessageCodec.snsAttributes(attributes)).build());
            sizes.add(MessageCodec.nativeSize(body, attributes));
            portableIds.add(id);
        }
        List<PublishBatchRequestEntry> current = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (!current.isEmpty() && (bytes + sizes.get(i) > SqsQueueDriver.MAX_REQUEST_BYTES || current.size() == 10)) {
                publishWithRetries(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(entries.get(i));
            bytes += sizes.get(i);
        }
        publishWithRetries(current);
        return portableIds;
    }

    private void publishWithRetries(List<PublishBatchRequestEntry> request) {
        List<PublishBatchRequestEntry> pending = request;
        for (int attempt = 1; ; attempt++) {
            List<PublishBatchRequestEntry> toSend = pending;
            PublishBatchResponse response;
            try {
                response = AwsErrors.call(resource, "PublishBatch", () -> sns().publishBatch(b -> b.topicArn(arn())
                        .publishBatchRequestEntries(toSend)));
            } catch (CloudException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    throw new CloudException(ErrorCode.NOT_FOUND, "Topic '" + name + "' does not exist",
                            AwsErrors.PROVIDER, resource, e.getCause());
                }
                throw e;
            }
            if (response.failed().isEmpty()) {
                return;
            }
            List<String> retry = new ArrayList<>();
            for (BatchResultErrorEntry f : response.failed()) {
                if (Boolean.TRUE.equals(f.senderFault()) || attempt >= 3) {
                    ErrorCode code = AwsErrors.codeFor(f.code(), Boolean.TRUE.equals(f.senderFault()) ? 400 : 503,
                            false);
                    throw new CloudException(code, "PublishBatch on " + resource + " failed for a message: "
                            + f.code() + ": " + f.message(), AwsErrors.PROVIDER, resource, null);
                }
                retry.add(f.id());
            }
            pending = toSend.stream().filter(e -> retry.contains(e.id())).toList();
            Batches.backoff(attempt);
        }
    }

    @Override
    public SubscriptionDriver subscription(String subscriptionName) {
        return new SnsSubscriptionDriver(clients, this, subscriptionName);
    }

    @Override
    public String toString() {
        return "SnsTopicDriver[" + name + "]";
    }
}

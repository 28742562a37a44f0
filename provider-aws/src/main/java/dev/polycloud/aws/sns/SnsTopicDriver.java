package dev.polycloud.aws.sns;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.internal.MessageCodec;
import dev.polycloud.aws.sqs.SqsQueueDriver;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.spi.BatchOutcome;
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
 * <p>Publishing uses {@code PublishBatch} (10 messages, 256 KiB per request, each sent once and failed
 * entries reported per entry for the portable layer to resend), with bodies and
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

    /**
     * One {@code PublishBatch} per request of at most 10 entries and 256 KiB, each sent once. Entries SNS
     * failed are failed entries (the sender's fault: a non-retryable code; a server fault: retryable); when
     * a request throws after earlier ones succeeded, its entries and the unsent ones fail with that error.
     */
    @Override
    public BatchOutcome<String> publish(List<Message> messages) {
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
        List<List<PublishBatchRequestEntry>> requests = new ArrayList<>();
        List<PublishBatchRequestEntry> current = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (!current.isEmpty() && (bytes + sizes.get(i) > SqsQueueDriver.MAX_REQUEST_BYTES || current.size() == 10)) {
                requests.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(entries.get(i));
            bytes += sizes.get(i);
        }
        requests.add(current);
        BatchOutcome.Builder<String> outcome = BatchOutcome.builder(entries.size());
        int sent = 0;
        for (List<PublishBatchRequestEntry> request : requests) {
            PublishBatchResponse response;
            try {
                response = publishOnce(request);
            } catch (CloudException e) {
                if (sent == 0) {
                    throw e;
                }
                for (int i = sent; i < entries.size(); i++) {
                    outcome.failure(i, e);
                }
                return outcome.build();
            }
            for (var ok : response.successful()) {
                int index = Integer.parseInt(ok.id().substring(1));
                outcome.success(index, portableIds.get(index));
            }
            for (BatchResultErrorEntry f : response.failed()) {
                boolean senderFault = Boolean.TRUE.equals(f.senderFault());
                ErrorCode code = AwsErrors.codeFor(f.code(), senderFault ? 400 : 503, false);
                outcome.failure(Integer.parseInt(f.id().substring(1)), new CloudException(code, "PublishBatch on "
                        + resource + " failed for a message: " + f.code() + ": " + f.message(), AwsErrors.PROVIDER,
                        resource, null));
            }
            sent += request.size();
        }
        return outcome.build();
    }

    private PublishBatchResponse publishOnce(List<PublishBatchRequestEntry> request) {
        try {
            return AwsErrors.call(resource, "PublishBatch", () -> sns().publishBatch(b -> b.topicArn(arn())
                    .publishBatchRequestEntries(request)));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Topic '" + name + "' does not exist",
                        AwsErrors.PROVIDER, resource, e.getCause());
            }
            throw e;
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

package dev.polycloud.aws.sns;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.internal.Json;
import dev.polycloud.aws.sqs.DeadLetters;
import dev.polycloud.aws.sqs.SqsReceiverDriver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import dev.polycloud.spi.SubscriptionDriver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A portable subscription: an SQS queue subscribed to the SNS topic with
 * {@code RawMessageDelivery=true}, so that the queue receives the published body and attributes
 * unchanged and the receive / ack / lease contract is the queue's (see {@link SqsReceiverDriver}).
 *
 * <p>The queue is named {@code <topic>--<subscription>} (a double hyphen, which no portable queue
 * name has), shortened with a hash when longer than SQS's 80 characters. Its options live in
 * native attributes: the default lease is the queue's {@code VisibilityTimeout}, dead-lettering its
 * {@code RedrivePolicy}, and the filter the SNS subscription's {@code FilterPolicy}
 * ({@code {"attr": ["v1", "v2"], ...}}: one-of per attribute, AND across attributes). The queue is
 * tagged with the topic name, the subscription name and the subscription ARN, and its access policy lets only this
 * topic send to it.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class SnsSubscriptionDriver extends SqsReceiverDriver implements SubscriptionDriver {

    /** The queue tag naming the topic. */
    public static final String TOPIC_TAG = "polycloud:topic";
    /** The queue tag naming the subscription (read back when the queue name had to be shortened). */
    public static final String SUBSCRIPTION_NAME_TAG = "polycloud:subscription";
    /** The queue tag holding the SNS subscription ARN. */
    static final String SUBSCRIPTION_TAG = "polycloud:subscription-arn";

    private static final int MAX_QUEUE_NAME = 80;

    private final SnsTopicDriver topic;
    private final String name;
    private final String queueName;

    SnsSubscriptionDriver(AwsClients clients, SnsTopicDriver topic, String name) {
        super(clients, "subscription " + topic.name() + "/" + name);
        this.topic = topic;
        this.name = name;
        this.queueName = queueName(topic.name(), name);
    }

    /**
     * The SQS queue name of a subscription.
     *
     * @param topic the portable topic name
     * @param subscription the portable subscription name
     * @return {@code topic--subscription}, or a hashed shortening of it when over 80 characters
     */
    public static String queueName(String topic, String subscription) {
        String full = topic + "--" + subscription;
        if (full.length() <= MAX_QUEUE_NAME) {
            return full;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(digest).substring(0, 12);
            return full.substring(0, MAX_QUEUE_NAME - hash.length() - 1) + "-" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    protected List<String> candidateNames() {
        return List.of(queueName);
    }

    @Override
    protected String missingMessage() {
        return "Subscription '" + name + "' of topic '" + topic.name() + "' does not exist";
    }

    @Override
    public void create(SubscriptionOptions options) {
        topic.requireExists(resource);
        SubscriptionOptions wanted = new SubscriptionOptions(Duration.ofSeconds(ceilSeconds(options.defaultLease())),
                options.filter(), options.deadLetter());
        Optional<QueueRef> existing = find();
        if (existing.isPresent()) {
            Optional<Stored> stored = read();
            if (stored.isPresent()) {
                SubscriptionOptions current = stored.get().options();
                boolean sameQueue = current.defaultLease().equals(wanted.defaultLease())
                        && current.deadLetter().equals(wanted.deadLetter());
                boolean sameFilter = stored.get().subscriptionArn().isEmpty()
                        || current.filter().equals(wanted.filter());
                if (!sameQueue || !sameFilter) {
                    throw new CloudException(ErrorCode.ALREADY_EXISTS, missingMessage().replace("does not exist",
                            "already exists with other options: " + current), AwsErrors.PROVIDER, resource, null);
                }
                ensureSubscribed(stored.get().subscriptionArn(), wanted.filter());
                return;
            }
        }
        int lease = ceilSeconds(options.defaultLease());
        String queueArn = clients.arn("sqs", queueName);
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(lease));
        attributes.put(QueueAttributeName.POLICY, accessPolicy(queueArn, topic.arn()));
        options.deadLetter().ifPresent(p -> attributes.put(QueueAttributeName.REDRIVE_POLICY,
                DeadLetters.redrivePolicy(clients, resource, p, false)));
        String url = AwsErrors.call(resource, "CreateQueue", () -> sqs().createQueue(b -> b.queueName(queueName)
                .attributes(attributes).tags(Map.of(TOPIC_TAG, topic.name(), SUBSCRIPTION_NAME_TAG, name))).queueUrl());
        remember(new QueueRef(queueName, url, false), lease);
        subscribe(wanted.filter());
    }

    private void ensureSubscribed(Optional<String> subscriptionArn, Optional<SubscriptionFilter> filter) {
        if (subscriptionArn.isPresent()) {
            try {
                Map<String, String> a = AwsErrors.call(resource, "GetSubscriptionAttributes", () -> clients.sns()
                        .getSubscriptionAttributes(b -> b.subscriptionArn(subscriptionArn.get())).attributes());
                if (topic.arn().equals(a.get("TopicArn"))) {
                    return;
                }
            } catch (CloudException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
        }
        subscribe(filter);
    }

    private void subscribe(Optional<SubscriptionFilter> filter) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("RawMessageDelivery", "true");
        filter.ifPresent(f -> attributes.put("FilterPolicy", filterPolicy(f)));
        String queueArn = clients.arn("sqs", queueName);
        String subscriptionArn;
        try {
            subscriptionArn = AwsErrors.call(resource, "Subscribe", () -> clients.sns().subscribe(b -> b
                    .topicArn(topic.arn()).protocol("sqs").endpoint(queueArn).attributes(attributes)
                    .returnSubscriptionArn(true)).subscriptionArn());
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Topic '" + topic.name() + "' does not exist",
                        AwsErrors.PROVIDER, resource, e.getCause());
            }
            throw e;
        }
        onQueue("TagQueue", r -> sqs().tagQueue(b -> b.queueUrl(r.url())
                .tags(Map.of(SUBSCRIPTION_TAG, subscriptionArn))));
    }

    @Override
    public void delete() {
        Map<String, String> tags = onQueue("ListQueueTags", r -> sqs().listQueueTags(b -> b.queueUrl(r.url())).tags());
        String subscriptionArn = tags.get(SUBSCRIPTION_TAG);
        if (subscriptionArn != null) {
            try {
                AwsErrors.call(resource, "Unsubscribe", () -> clients.sns().unsubscribe(b -> b
                        .subscriptionArn(subscriptionArn)));
            } catch (CloudException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
        }
        onQueue("DeleteQueue", r -> sqs().deleteQueue(b -> b.queueUrl(r.url())));
        forget();
    }

    @Override
    public Optional<SubscriptionOptions> options() {
        return read().map(Stored::options);
    }

    /**
     * What is stored for a subscription.
     *
     * @param options the options read back
     * @param subscriptionArn the SNS subscription, if the queue has been subscribed
     */
    private record Stored(SubscriptionOptions options, Optional<String> subscriptionArn) {
    }

    private Optional<Stored> read() {
        if (find().isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> attributes;
        Map<String, String> tags;
        try {
            attributes = attributes(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY);
            tags = onQueue("ListQueueTags", r -> sqs().listQueueTags(b -> b.queueUrl(r.url())).tags());
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        int lease = Integer.parseInt(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT.toString(), "30"));
        Optional<String> subscriptionArn = Optional.ofNullable(tags.get(SUBSCRIPTION_TAG));
        Optional<SubscriptionFilter> filter = Optional.empty();
        if (subscriptionArn.isPresent()) {
            try {
                Map<String, String> a = AwsErrors.call(resource, "GetSubscriptionAttributes", () -> clients.sns()
                        .getSubscriptionAttributes(b -> b.subscriptionArn(subscriptionArn.get())).attributes());
                filter = parseFilter(a.get("FilterPolicy"), resource);
            } catch (CloudException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                // the topic was deleted, and its subscriptions with it: no filter is in force
            }
        }
        SubscriptionOptions options = new SubscriptionOptions(Duration.ofSeconds(Math.max(1, lease)), filter,
                DeadLetters.parse(attributes.get(QueueAttributeName.REDRIVE_POLICY.toString()), resource));
        return Optional.of(new Stored(options, subscriptionArn));
    }

    /**
     * The SNS filter policy of a portable filter.
     *
     * @param filter the filter
     * @return {@code {"attr": ["v1", ...], ...}}
     */
    static String filterPolicy(SubscriptionFilter filter) {
        Map<String, List<String>> policy = new LinkedHashMap<>();
        filter.conditions().forEach((k, v) -> policy.put(k, new ArrayList<>(v)));
        return Json.write(policy);
    }

    /**
     * Reads a filter policy back.
     *
     * @param policy the {@code FilterPolicy} attribute, or null
     * @param resource the resource, for errors
     * @return the filter, or empty when there is none
     * @throws CloudException {@link ErrorCode#UNIMPLEMENTED} for a policy beyond equals / one-of
     */
    static Optional<SubscriptionFilter> parseFilter(String policy, String resource) {
        if (policy == null || policy.isBlank()) {
            return Optional.empty();
        }
        JsonNode node = Json.read(policy);
        if (node == null || !node.isObject()) {
            throw notPortable(policy, resource);
        }
        if (node.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Set<String>> conditions = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode values = field.getValue();
            Set<String> accepted = new LinkedHashSet<>();
            if (values.isTextual()) {
                accepted.add(values.asText());
            } else if (values.isArray()) {
                for (JsonNode v : values) {
                    if (!v.isTextual()) {
                        throw notPortable(policy, resource);
                    }
                    accepted.add(v.asText());
                }
            } else {
                throw notPortable(policy, resource);
            }
            conditions.put(field.getKey(), accepted);
        }
        return Optional.of(new SubscriptionFilter(conditions));
    }

    private static CloudException notPortable(String policy, String resource) {
        return new CloudException(ErrorCode.UNIMPLEMENTED, "The SNS filter policy " + policy
                + " has no portable form (only equals / one-of on string attributes)", AwsErrors.PROVIDER, resource,
                null);
    }

    private static String accessPolicy(String queueArn, String topicArn) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", "polycloud-sns-delivery");
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", "sns.amazonaws.com"));
        statement.put("Action", "sqs:SendMessage");
        statement.put("Resource", queueArn);
        statement.put("Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", topicArn)));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", List.of(statement));
        return Json.write(policy);
    }

    @Override
    public String toString() {
        return "SnsSubscriptionDriver[" + topic.name() + "/" + name + " -> " + queueName + "]";
    }
}

package dev.polycloud.gcp.storage;

import dev.polycloud.gcp.functions.GcsEvents;
import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.gcp.pubsub.PubSubClients;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.storage.Notification;
import com.google.cloud.storage.NotificationInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.iam.v1.Binding;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.blob.BlobEventFilter;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import io.grpc.Status;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bucket triggers on Cloud Storage Pub/Sub notifications: binding function {@code F} to bucket {@code B} creates
 *
 * <ol>
 *   <li>a Pub/Sub topic {@code b.B.F.<8 hex digits>} (the id never collides with the queue and topic ids, which
 *       start with {@code q.} and {@code t.}) on which Cloud Storage's service agent
 *       ({@code storage.getServiceAccount}) gets {@code roles/pubsub.publisher} — without it Cloud Storage refuses
 *       the notification; on the Pub/Sub emulator, which has no IAM, this grant is left out;</li>
 *   <li>a push subscription of the same id POSTing each message to the function's URL (the HTTP adapter
 *       {@code PolycloudHttpFunction} decodes it, see {@link GcsEvents}), acknowledged when the function answers
 *       2xx and otherwise retried with exponential backoff (10 s to 600 s) until Pub/Sub's retention (7 days)
 *       ends; over {@code https} it carries an OIDC token of {@value #SERVICE_ACCOUNT} for the URL (that account
 *       needs {@code roles/run.invoker} on the function), over plain {@code http} (a local Functions Framework)
 *       none;</li>
 *   <li>a bucket notification ({@code storage.createNotification}) to that topic with payload {@code JSON_API_V1},
 *       event types {@code OBJECT_FINALIZE} for {@link BlobEventType#CREATED} and {@code OBJECT_DELETE} for
 *       {@link BlobEventType#DELETED}, the filter's prefix as {@code object_name_prefix}, and the custom attributes
 *       {@value GcsEvents#SUFFIX_ATTRIBUTE} (Cloud Storage cannot filter by suffix, so the adapter drops the other
 *       keys) and {@value #BATCH_ATTRIBUTE} (the batch size, for listing).</li>
 * </ol>
 * A push request carries one message, so each invocation gets a batch of one event. Trigger ids are
 * {@code bucket:B/F.<hex>}; unbind deletes the notification, the subscription and the topic. A function's triggers
 * are listed from the project's subscriptions named after it; deleting the function unbinds them. If a step of
 * {@code bind} fails, what it created is deleted again. Thread-safe (the clients are).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class GcsBucketTriggers {

    /** The key of the service account whose OIDC token push subscriptions present to functions. */
    static final String SERVICE_ACCOUNT = "polycloud.gcp.bucket-events.service-account";
    /** The keys this class reads. */
    public static final Set<String> KEYS = Set.of(SERVICE_ACCOUNT);
    /** The notification's custom attribute recording the batch size. */
    static final String BATCH_ATTRIBUTE = "polycloud-batch";
    /** The most seconds Pub/Sub waits for a push acknowledgement. */
    static final int ACK_DEADLINE_SECONDS = 600;

    private static final String PREFIX = "bucket:";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[a-z]+");
    private static final Pattern ID = Pattern.compile("b\\.([a-z0-9-]+)\\.([a-z0-9-]+)\\.([0-9a-f]{8})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<Storage> storage;
    private final PubSubClients pubsub;
    private final Function<String, URI> functionUrl;
    private final Optional<String> serviceAccount;

    /**
     * Triggers over the clients.
     *
     * @param storage the Cloud Storage client (created on first use)
     * @param pubsub the Pub/Sub clients
     * @param functionUrl the URL of an existing function; {@code NOT_FOUND} when it does not exist
     * @param serviceAccount the OIDC token's service account, or empty
     */
    public GcsBucketTriggers(Supplier<Storage> storage, PubSubClients pubsub, Function<String, URI> functionUrl,
                             Optional<String> serviceAccount) {
        this.storage = storage;
        this.pubsub = pubsub;
        this.functionUrl = functionUrl;
        this.serviceAccount = serviceAccount;
    }

    /**
     * Reads {@value #SERVICE_ACCOUNT}.
     *
     * @param config the configuration
     * @return the account, or empty
     * @throws CloudException {@code INVALID_ARGUMENT} when it is not a service account e-mail
     */
    public static Optional<String> serviceAccount(PolycloudConfig config) {
        Optional<String> value = config.get(SERVICE_ACCOUNT).map(String::trim).filter(s -> !s.isEmpty());
        value.ifPresent(v -> {
            if (!EMAIL.matcher(v).matches()) {
                throw CloudException.invalidArgument("Configuration key '" + SERVICE_ACCOUNT + "' must be a service"
                        + " account e-mail such as events@my-project.iam.gserviceaccount.com (found '" + v + "')");
            }
        });
        return value;
    }

    /**
     * Whether a trigger id is a bucket trigger's.
     *
     * @param triggerId the id
     * @return true for {@code bucket:...}
     */
    public static boolean isBucketId(String triggerId) {
        return triggerId.startsWith(PREFIX);
    }

    // ---------------------------------------------------------------- requests (pure)

    /**
     * The notification of a binding.
     *
     * @param topic the topic path, {@code projects/P/topics/T}
     * @param filter the portable filter
     * @param batchSize the batch size
     * @return the notification to create
     */
    static NotificationInfo notification(String topic, BlobEventFilter filter, int batchSize) {
        List<NotificationInfo.EventType> types = new ArrayList<>();
        if (filter.events().contains(BlobEventType.CREATED)) {
            types.add(NotificationInfo.EventType.OBJECT_FINALIZE);
        }
        if (filter.events().contains(BlobEventType.DELETED)) {
            types.add(NotificationInfo.EventType.OBJECT_DELETE);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(BATCH_ATTRIBUTE, Integer.toString(batchSize));
        filter.suffix().ifPresent(s -> attributes.put(GcsEvents.SUFFIX_ATTRIBUTE, s));
        NotificationInfo.Builder b = NotificationInfo.newBuilder(topic)
                .setPayloadFormat(NotificationInfo.PayloadFormat.JSON_API_V1)
                .setEventTypes(types.toArray(new NotificationInfo.EventType[0]))
                .setCustomAttributes(attributes);
        filter.prefix().ifPresent(b::setObjectNamePrefix);
        return b.build();
    }

    /**
     * The push subscription of a binding.
     *
     * @param name the subscription path
     * @param topic the topic path
     * @param endpoint the function's URL
     * @param account the OIDC token's service account, or empty
     * @return the subscription to create
     */
    static Subscription subscription(String name, String topic, URI endpoint, Optional<String> account) {
        PushConfig.Builder push = PushConfig.newBuilder().setPushEndpoint(endpoint.toString());
        if ("https".equalsIgnoreCase(endpoint.getScheme())) {
            account.ifPresent(a -> push.setOidcToken(PushConfig.OidcToken.newBuilder().setServiceAccountEmail(a)
                    .setAudience(endpoint.toString())));
        }
        return Subscription.newBuilder().setName(name).setTopic(topic).setPushConfig(push)
                .setAckDeadlineSeconds(ACK_DEADLINE_SECONDS)
                .setRetryPolicy(RetryPolicy.newBuilder()
                        .setMinimumBackoff(com.google.protobuf.Duration.newBuilder().setSeconds(10))
                        .setMaximumBackoff(com.google.protobuf.Duration.newBuilder().setSeconds(600)))
                .putLabels("managed-by", "polycloud")
                .build();
    }

    /**
     * The portable filter of a notification.
     *
     * @param n the notification
     * @return the filter, or empty when Polycloud would not have written it
     */
    static Optional<BlobEventFilter> filter(NotificationInfo n) {
        Set<BlobEventType> types = EnumSet.noneOf(BlobEventType.class);
        List<NotificationInfo.EventType> given = n.getEventTypes() == null ? List.of() : n.getEventTypes();
        for (NotificationInfo.EventType t : given) {
            if (t == NotificationInfo.EventType.OBJECT_FINALIZE) {
                types.add(BlobEventType.CREATED);
            } else if (t == NotificationInfo.EventType.OBJECT_DELETE) {
                types.add(BlobEventType.DELETED);
            } else {
                return Optional.empty();
            }
        }
        if (types.isEmpty()) {
            types = EnumSet.allOf(BlobEventType.class);
        }
        Map<String, String> custom = n.getCustomAttributes() == null ? Map.of() : n.getCustomAttributes();
        try {
            return Optional.of(new BlobEventFilter(types, Optional.ofNullable(n.getObjectNamePrefix())
                    .filter(p -> !p.isEmpty()), Optional.ofNullable(custom.get(GcsEvents.SUFFIX_ATTRIBUTE))
                    .filter(s -> !s.isEmpty())));
        } catch (CloudException e) {
            return Optional.empty();
        }
    }

    private String topicPath(String id) {
        return "projects/" + pubsub.project() + "/topics/" + id;
    }

    private String subscriptionPath(String id) {
        return "projects/" + pubsub.project() + "/subscriptions/" + id;
    }

    private static boolean sameTopic(String notificationTopic, String topicPath) {
        return notificationTopic != null && (notificationTopic.equals(topicPath)
                || notificationTopic.endsWith("/" + topicPath));
    }

    // ---------------------------------------------------------------- operations

    /**
     * Binds a function to a bucket's object events.
     *
     * @param function the function
     * @param source the bucket source
     * @param batchSize the batch size (each push carries one event)
     * @return the trigger
     * @throws CloudException {@code NOT_FOUND} for a missing bucket or function
     */
    public Trigger bind(String function, TriggerSource source, int batchSize) {
        String bucket = source.name();
        String resource = "bucket " + bucket;
        BlobEventFilter filter = source.bucketFilter().orElseThrow();
        if (storage(resource, "get", () -> storage.get().get(bucket)) == null) {
            throw GcpErrors.of(ErrorCode.NOT_FOUND, "Bucket '" + bucket + "' does not exist", resource);
        }
        URI url = functionUrl.apply(function);
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        String rest = function + "." + HexFormat.of().formatHex(random);
        String id = "b." + bucket + "." + rest;
        String topic = topicPath(id);
        String subscription = subscriptionPath(id);
        pubsub(resource, "create the topic of", () -> pubsub.topics().createTopic(Topic.newBuilder().setName(topic)
                .putLabels("managed-by", "polycloud").build()));
        try {
            if (!pubsub.emulator()) {
                String agent = storage(resource, "getServiceAccount",
                        () -> storage.get().getServiceAccount(pubsub.project())).getEmail();
                pubsub(resource, "grant Cloud Storage publishing on", () -> {
                    Policy policy = pubsub.topics().getIamPolicy(GetIamPolicyRequest.newBuilder().setResource(topic)
                            .build());
                    return pubsub.topics().setIamPolicy(SetIamPolicyRequest.newBuilder().setResource(topic)
                            .setPolicy(policy.toBuilder().addBindings(Binding.newBuilder()
                                    .setRole("roles/pubsub.publisher").addMembers("serviceAccount:" + agent)))
                            .build());
                });
            }
            pubsub(resource, "create the push subscription of", () -> pubsub.subscriptions().createSubscription(
                    subscription(subscription, topic, url, serviceAccount)));
            storage(resource, "createNotification", () -> storage.get().createNotification(bucket,
                    notification(topic, filter, batchSize)));
        } catch (CloudException e) {
            cleanUp(topic, subscription);
            throw e;
        }
        return new Trigger(PREFIX + bucket + "/" + rest, function, source, batchSize);
    }

    /**
     * Removes a bucket trigger: its notification, subscription and topic.
     *
     * @param triggerId {@code bucket:B/F.<hex>}
     * @throws CloudException {@code NOT_FOUND} when none of them exists
     */
    public void unbind(String triggerId) {
        String rest = triggerId.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String resource = "trigger " + triggerId;
        Matcher m = slash <= 0 ? null : ID.matcher("b." + rest.substring(0, slash) + "." + rest.substring(slash + 1));
        if (m == null || !m.matches()) {
            throw GcpErrors.of(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist", resource);
        }
        String bucket = m.group(1);
        String id = m.group(0);
        String topic = topicPath(id);
        boolean found = false;
        List<Notification> notifications;
        try {
            notifications = storage(resource, "listNotifications", () -> storage.get().listNotifications(bucket));
        } catch (CloudException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            notifications = List.of();
        }
        for (Notification n : notifications == null ? List.<Notification>of() : notifications) {
            if (sameTopic(n.getTopic(), topic)) {
                storage(resource, "deleteNotification", () -> storage.get().deleteNotification(bucket,
                        n.getNotificationId()));
                found = true;
            }
        }
        found |= cleanUp(topic, subscriptionPath(id));
        if (!found) {
            throw GcpErrors.of(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist", resource);
        }
    }

    /**
     * The bucket triggers of a function, found by the names of the project's subscriptions.
     *
     * @param function the function
     * @return its triggers
     */
    public List<Trigger> of(String function) {
        List<Trigger> out = new ArrayList<>();
        Iterable<Subscription> all = pubsub("function " + function, "list the subscriptions of",
                () -> pubsub.subscriptions().listSubscriptions("projects/" + pubsub.project()).iterateAll());
        for (Subscription s : all) {
            String id = s.getName().substring(s.getName().lastIndexOf('/') + 1);
            Matcher m = ID.matcher(id);
            if (!m.matches() || !m.group(2).equals(function)) {
                continue;
            }
            String bucket = m.group(1);
            List<Notification> notifications;
            try {
                notifications = storage("bucket " + bucket, "listNotifications",
                        () -> storage.get().listNotifications(bucket));
            } catch (CloudException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue;
                }
                throw e;
            }
            for (Notification n : notifications == null ? List.<Notification>of() : notifications) {
                if (!sameTopic(n.getTopic(), topicPath(id))) {
                    continue;
                }
                Optional<BlobEventFilter> filter = filter(n);
                int batch;
                try {
                    batch = Integer.parseInt(n.getCustomAttributes() == null ? "1"
                            : n.getCustomAttributes().getOrDefault(BATCH_ATTRIBUTE, "1"));
                } catch (NumberFormatException e) {
                    batch = 1;
                }
                if (filter.isPresent()) {
                    try {
                        out.add(new Trigger(PREFIX + bucket + "/" + function + "." + m.group(3), function,
                                TriggerSource.bucket(bucket, filter.get()), batch));
                    } catch (CloudException e) {
                        // not a trigger Polycloud would have written
                    }
                }
            }
        }
        return out;
    }

    /**
     * Unbinds every bucket trigger of a function (when it is deleted).
     *
     * @param function the function
     */
    public void unbindAll(String function) {
        for (Trigger t : of(function)) {
            dev.polycloud.internal.NotFound.ignore(() -> unbind(t.id()));
        }
    }

    /** Deletes a subscription and a topic, each if it exists; true when either did. */
    private boolean cleanUp(String topic, String subscription) {
        boolean any = false;
        try {
            pubsub.subscriptions().deleteSubscription(subscription);
            any = true;
        } catch (ApiException e) {
            if (!GcpErrors.is(e, Status.Code.NOT_FOUND)) {
                throw GcpErrors.map(e, "delete the subscription of", "subscription " + subscription);
            }
        }
        try {
            pubsub.topics().deleteTopic(topic);
            any = true;
        } catch (ApiException e) {
            if (!GcpErrors.is(e, Status.Code.NOT_FOUND)) {
                throw GcpErrors.map(e, "delete the topic of", "topic " + topic);
            }
        }
        return any;
    }

    private static <T> T pubsub(String resource, String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            throw GcpErrors.map(e, operation, resource);
        }
    }

    private static <T> T storage(String resource, String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (StorageException e) {
            ErrorCode code = switch (e.getCode()) {
                case 400 -> ErrorCode.INVALID_ARGUMENT;
                case 401 -> ErrorCode.UNAUTHENTICATED;
                case 403 -> ErrorCode.PERMISSION_DENIED;
                case 404 -> ErrorCode.NOT_FOUND;
                case 409 -> ErrorCode.ALREADY_EXISTS;
                case 429 -> ErrorCode.THROTTLED;
                default -> e.getCode() >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.UNKNOWN;
            };
            throw new CloudException(code, operation + " on " + resource + " failed: " + e.getMessage(),
                    GcpErrors.PROVIDER, resource, e);
        }
    }
}

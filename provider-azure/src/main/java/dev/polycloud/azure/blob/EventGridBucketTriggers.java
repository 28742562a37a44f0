package dev.polycloud.azure.blob;

import dev.polycloud.azure.functions.EventGridBlobEvents;
import dev.polycloud.azure.internal.AzureErrors;
import dev.polycloud.azure.internal.ManagementClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.blob.BlobEventFilter;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bucket triggers on Event Grid: binding function {@code F} to bucket {@code B} creates an event subscription on the
 * storage account ({@code PUT <storage account>/providers/Microsoft.EventGrid/eventSubscriptions/<name>}, API
 * version {@value #API_VERSION}) whose destination is the function ({@code endpointType: AzureFunction}, the
 * function's resource id, {@code maxEventsPerBatch} = the batch size) and whose filter is
 *
 * <ul>
 *   <li>{@code includedEventTypes}: {@code Microsoft.Storage.BlobCreated} for {@link BlobEventType#CREATED},
 *       {@code Microsoft.Storage.BlobDeleted} for {@link BlobEventType#DELETED};</li>
 *   <li>{@code subjectBeginsWith}: {@code /blobServices/default/containers/B/blobs/} followed by the filter's
 *       prefix; {@code subjectEndsWith}: the filter's suffix; {@code isSubjectCaseSensitive: true} (keys are
 *       case-sensitive everywhere).</li>
 * </ul>
 * Delivery uses the Event Grid schema, at most 30 attempts within 24 hours. The subscription is named
 * {@code polycloud-<16 hex digits>} and labelled {@code managed-by=polycloud}, {@code polycloud-function=F},
 * {@code polycloud-bucket=B}; trigger ids are {@code bucket:B/<name>}. Unbind deletes the subscription; listing
 * reads the account's subscriptions and keeps those labelled for the function. The function must declare an
 * {@code @EventGridTrigger} running {@link dev.polycloud.azure.functions.PolycloudAzure#eventGrid}; Event Grid
 * validates the destination when the subscription is created (a function without that trigger is refused by
 * Azure). Needs the Resource Manager keys of the function app and the storage account's resource group.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class EventGridBucketTriggers {

    /** The Event Grid API version. */
    public static final String API_VERSION = "2022-06-15";
    /** The most delivery attempts of an event. */
    static final int MAX_DELIVERY_ATTEMPTS = 30;
    /** How long an event is retried, in minutes. */
    static final int EVENT_TTL_MINUTES = 1440;

    private static final String PREFIX = "bucket:";
    private static final String NAME_PREFIX = "polycloud-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<ManagementClient> management;
    private final Supplier<String> storageAccountPath;
    private final Supplier<String> functionAppPath;
    private final Predicate<String> containerExists;

    /**
     * Triggers over the Resource Manager client.
     *
     * @param management the client, built on first use
     * @param storageAccountPath the storage account's resource path
     *                           ({@code /subscriptions/S/resourceGroups/G/providers/Microsoft.Storage/storageAccounts/A}),
     *                           resolved on first use ({@code UNIMPLEMENTED} when its keys are missing)
     * @param functionAppPath the function app's resource path, resolved on first use
     * @param containerExists whether a container exists
     */
    public EventGridBucketTriggers(Supplier<ManagementClient> management, Supplier<String> storageAccountPath,
                                   Supplier<String> functionAppPath, Predicate<String> containerExists) {
        this.management = management;
        this.storageAccountPath = storageAccountPath;
        this.functionAppPath = functionAppPath;
        this.containerExists = containerExists;
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
     * The subject prefix of a container's blobs.
     *
     * @param container the container
     * @return {@code /blobServices/default/containers/<container>/blobs/}
     */
    static String subjectPrefix(String container) {
        return "/blobServices/default/containers/" + container + "/blobs/";
    }

    /**
     * The event subscription body of a binding.
     *
     * @param function the function name
     * @param functionResourceId the function's resource id
     * @param bucket the bucket (container)
     * @param filter the filter
     * @param batchSize the batch size
     * @return the body
     */
    static ObjectNode body(String function, String functionResourceId, String bucket, BlobEventFilter filter,
                           int batchSize) {
        ObjectNode root = PayloadCodec.mapper().createObjectNode();
        ObjectNode p = root.putObject("properties");
        ObjectNode destination = p.putObject("destination");
        destination.put("endpointType", "AzureFunction");
        ObjectNode dp = destination.putObject("properties");
        dp.put("resourceId", functionResourceId);
        dp.put("maxEventsPerBatch", batchSize);
        dp.put("preferredBatchSizeInKilobytes", 64);
        ObjectNode f = p.putObject("filter");
        ArrayNode types = f.putArray("includedEventTypes");
        if (filter.events().contains(BlobEventType.CREATED)) {
            types.add(EventGridBlobEvents.BLOB_CREATED);
        }
        if (filter.events().contains(BlobEventType.DELETED)) {
            types.add(EventGridBlobEvents.BLOB_DELETED);
        }
        f.put("subjectBeginsWith", subjectPrefix(bucket) + filter.prefix().orElse(""));
        filter.suffix().ifPresent(s -> f.put("subjectEndsWith", s));
        f.put("isSubjectCaseSensitive", true);
        p.put("eventDeliverySchema", "EventGridSchema");
        ObjectNode retry = p.putObject("retryPolicy");
        retry.put("maxDeliveryAttempts", MAX_DELIVERY_ATTEMPTS);
        retry.put("eventTimeToLiveInMinutes", EVENT_TTL_MINUTES);
        ArrayNode labels = p.putArray("labels");
        labels.add("managed-by=polycloud");
        labels.add("polycloud-function=" + function);
        labels.add("polycloud-bucket=" + bucket);
        return root;
    }

    /**
     * The portable source of an event subscription.
     *
     * @param subscription the subscription resource
     * @return the bucket source, or empty when Polycloud would not have written it
     */
    static Optional<TriggerSource> source(JsonNode subscription) {
        JsonNode f = subscription.path("properties").path("filter");
        String bucket = label(subscription, "polycloud-bucket").orElse(null);
        if (bucket == null) {
            return Optional.empty();
        }
        Set<BlobEventType> types = EnumSet.noneOf(BlobEventType.class);
        for (JsonNode t : f.path("includedEventTypes")) {
            if (t.asText().equals(EventGridBlobEvents.BLOB_CREATED)) {
                types.add(BlobEventType.CREATED);
            } else if (t.asText().equals(EventGridBlobEvents.BLOB_DELETED)) {
                types.add(BlobEventType.DELETED);
            } else {
                return Optional.empty();
            }
        }
        String begins = f.path("subjectBeginsWith").asText("");
        if (!begins.startsWith(subjectPrefix(bucket)) || types.isEmpty()) {
            return Optional.empty();
        }
        String prefix = begins.substring(subjectPrefix(bucket).length());
        String suffix = f.path("subjectEndsWith").asText("");
        try {
            return Optional.of(TriggerSource.bucket(bucket, new BlobEventFilter(types,
                    prefix.isEmpty() ? Optional.empty() : Optional.of(prefix),
                    suffix.isEmpty() ? Optional.empty() : Optional.of(suffix))));
        } catch (CloudException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> label(JsonNode subscription, String name) {
        for (JsonNode l : subscription.path("properties").path("labels")) {
            String s = l.asText("");
            if (s.startsWith(name + "=")) {
                return Optional.of(s.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    private String subscriptionPath(String name) {
        return storageAccountPath.get() + "/providers/Microsoft.EventGrid/eventSubscriptions/" + name;
    }

    // ---------------------------------------------------------------- operations

    /**
     * Binds a function to a bucket's object events.
     *
     * @param function the function
     * @param source the bucket source
     * @param batchSize the most events per delivery
     * @return the trigger
     * @throws CloudException {@code NOT_FOUND} for a missing container
     */
    public Trigger bind(String function, TriggerSource source, int batchSize) {
        String bucket = source.name();
        String resource = "bucket " + bucket;
        BlobEventFilter filter = source.bucketFilter().orElseThrow();
        String functionId = functionAppPath.get() + "/functions/" + function;
        if (!containerExists.test(bucket)) {
            throw new CloudException(ErrorCode.NOT_FOUND, "Bucket '" + bucket + "' does not exist",
                    AzureErrors.PROVIDER, resource, null);
        }
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String name = NAME_PREFIX + HexFormat.of().formatHex(random);
        management.get().put(subscriptionPath(name), API_VERSION, body(function, functionId, bucket, filter, batchSize),
                null, resource);
        return new Trigger(PREFIX + bucket + "/" + name, function, source, batchSize);
    }

    /**
     * Deletes a bucket trigger's event subscription.
     *
     * @param triggerId {@code bucket:B/<name>}
     * @throws CloudException {@code NOT_FOUND} when it does not exist
     */
    public void unbind(String triggerId) {
        String rest = triggerId.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? "" : rest.substring(slash + 1);
        String resource = "trigger " + triggerId;
        // Read first: Resource Manager answers 204 to deleting what does not exist.
        if (!name.matches(NAME_PREFIX + "[0-9a-f]{16}")
                || management.get().get(subscriptionPath(name), API_VERSION, resource).isEmpty()
                || !management.get().delete(subscriptionPath(name), API_VERSION, "", null, resource)) {
            throw new CloudException(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist",
                    AzureErrors.PROVIDER, resource, null);
        }
    }

    /**
     * The bucket triggers of a function: the storage account's event subscriptions labelled for it.
     *
     * @param function the function
     * @return its triggers
     */
    public List<Trigger> of(String function) {
        List<Trigger> out = new ArrayList<>();
        String resource = "function " + function;
        Optional<JsonNode> page = management.get().get(storageAccountPath.get()
                + "/providers/Microsoft.EventGrid/eventSubscriptions", API_VERSION, resource);
        int pages = 0;
        while (page.isPresent()) {
            for (JsonNode s : page.get().path("value")) {
                String name = s.path("name").asText("");
                if (!name.startsWith(NAME_PREFIX) || !label(s, "polycloud-function").orElse("").equals(function)) {
                    continue;
                }
                int batch = s.path("properties").path("destination").path("properties").path("maxEventsPerBatch")
                        .asInt(1);
                Optional<TriggerSource> source = source(s);
                if (source.isPresent() && batch >= 1 && batch <= Trigger.MAX_BATCH_SIZE) {
                    out.add(new Trigger(PREFIX + source.get().name() + "/" + name, function, source.get(), batch));
                }
            }
            String next = page.get().path("nextLink").asText("");
            if (next.isEmpty() || ++pages >= 100) {
                break;
            }
            page = Optional.of(management.get().getLink(next, resource));
        }
        return out;
    }
}

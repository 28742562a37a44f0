package dev.polycloud.aws.s3;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.internal.Json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.blob.BlobEventFilter;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.PutBucketNotificationConfigurationRequest;
import software.amazon.awssdk.services.s3.model.S3KeyFilter;

/**
 * Bucket triggers on S3 event notifications: binding a function to a bucket adds one
 * {@link LambdaFunctionConfiguration} to the bucket's notification configuration, targeting the Lambda function,
 * and a resource-based permission on the function for {@code s3.amazonaws.com} from that bucket.
 *
 * <ul>
 *   <li><b>Configuration</b>: id {@code polycloud-<batch size>-<16 hex digits>}; events
 *       {@code s3:ObjectCreated:*} for {@link BlobEventType#CREATED} and {@code s3:ObjectRemoved:*} for
 *       {@link BlobEventType#DELETED}; the filter's prefix and suffix as S3 key filter rules
 *       ({@code prefix}, {@code suffix}). The bucket's other configurations (queues, topics, EventBridge,
 *       other functions) are read first and written back unchanged: S3 replaces the whole configuration on
 *       every write and offers no conditional write, so a change made by someone else between the read and
 *       the write is lost — bind and unbind are not safe against concurrent changes of the same bucket's
 *       notifications from outside this client.</li>
 *   <li><b>Permission</b>: {@code lambda:AddPermission} with statement id = the configuration id, action
 *       {@code lambda:InvokeFunction}, principal {@code s3.amazonaws.com}, source ARN
 *       {@code arn:aws:s3:::<bucket>} and source account (the function's account). It is added before the
 *       configuration is written, because S3 checks that it may invoke the function when the configuration is
 *       written; if the write fails, the permission is removed again.</li>
 *   <li><b>Unbind</b> removes exactly that configuration and that statement. Trigger ids are
 *       {@code bucket:<bucket>/<configuration id>}.</li>
 *   <li><b>Listing</b>: the function's policy is the index — each {@code polycloud-} statement for
 *       {@code s3.amazonaws.com} names a bucket, whose configuration is read back. A function without a
 *       policy has no bucket triggers. Deleting a function unbinds them.</li>
 *   <li>S3 refuses two configurations of one bucket whose event types and key filters overlap
 *       ({@code INVALID_ARGUMENT}); an S3 event reaches the function as one record per invocation, decoded by
 *       the adapter ({@code dev.polycloud.aws.lambda.S3Events}).</li>
 * </ul>
 * Thread-safe as far as the SDK clients are (see the concurrency note above).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class S3BucketTriggers {

    /** The prefix of bucket trigger ids. */
    static final String PREFIX = "bucket:";
    /** The prefix of configuration ids and permission statements written here. */
    static final String ID_PREFIX = "polycloud-";
    /** The service principal of S3 notifications. */
    static final String PRINCIPAL = "s3.amazonaws.com";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AwsClients clients;
    private final Function<String, Optional<String>> functionArn;

    /**
     * Triggers over the provider's clients.
     *
     * @param clients the clients (S3 and Lambda)
     * @param functionArn the ARN of a function by name, empty when it does not exist
     */
    public S3BucketTriggers(AwsClients clients, Function<String, Optional<String>> functionArn) {
        this.clients = clients;
        this.functionArn = functionArn;
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

    // ---------------------------------------------------------------- requests (pure, tested without S3)

    /**
     * The S3 events of a portable filter.
     *
     * @param types the portable event types
     * @return {@code s3:ObjectCreated:*} and/or {@code s3:ObjectRemoved:*}
     */
    static List<String> events(Set<BlobEventType> types) {
        List<String> out = new ArrayList<>();
        if (types.contains(BlobEventType.CREATED)) {
            out.add(Event.S3_OBJECT_CREATED.toString());
        }
        if (types.contains(BlobEventType.DELETED)) {
            out.add(Event.S3_OBJECT_REMOVED.toString());
        }
        return out;
    }

    /**
     * The notification configuration entry of a binding.
     *
     * @param id the configuration id
     * @param functionArn the function's ARN
     * @param filter the portable filter
     * @return the entry
     */
    static LambdaFunctionConfiguration configuration(String id, String functionArn, BlobEventFilter filter) {
        // Rule names in lower case, as S3's documentation writes them (the SDK's enum says "Prefix", which S3
        // accepts too, but moto answers 500 to it).
        List<FilterRule> rules = new ArrayList<>();
        filter.prefix().ifPresent(p -> rules.add(FilterRule.builder().name("prefix").value(p).build()));
        filter.suffix().ifPresent(x -> rules.add(FilterRule.builder().name("suffix").value(x).build()));
        LambdaFunctionConfiguration.Builder b = LambdaFunctionConfiguration.builder().id(id)
                .lambdaFunctionArn(functionArn).eventsWithStrings(events(filter.events()));
        if (!rules.isEmpty()) {
            b.filter(NotificationConfigurationFilter.builder().key(S3KeyFilter.builder().filterRules(rules).build())
                    .build());
        }
        return b.build();
    }

    /**
     * The portable filter of a configuration entry.
     *
     * @param c the entry
     * @return the filter, or empty when the entry has events Polycloud would not have written
     */
    static Optional<BlobEventFilter> filter(LambdaFunctionConfiguration c) {
        Set<BlobEventType> types = EnumSet.noneOf(BlobEventType.class);
        for (String e : c.eventsAsStrings()) {
            if (e.equals(Event.S3_OBJECT_CREATED.toString())) {
                types.add(BlobEventType.CREATED);
            } else if (e.equals(Event.S3_OBJECT_REMOVED.toString())) {
                types.add(BlobEventType.DELETED);
            } else {
                return Optional.empty();
            }
        }
        if (types.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> prefix = Optional.empty();
        Optional<String> suffix = Optional.empty();
        if (c.filter() != null && c.filter().key() != null) {
            for (FilterRule r : c.filter().key().filterRules()) {
                if ("prefix".equalsIgnoreCase(r.nameAsString())) {
                    prefix = Optional.ofNullable(r.value()).filter(v -> !v.isEmpty());
                } else if ("suffix".equalsIgnoreCase(r.nameAsString())) {
                    suffix = Optional.ofNullable(r.value()).filter(v -> !v.isEmpty());
                }
            }
        }
        try {
            return Optional.of(new BlobEventFilter(types, prefix, suffix));
        } catch (CloudException e) {
            return Optional.empty();
        }
    }

    /**
     * The configuration with one more function entry, every other entry kept.
     *
     * @param current the bucket's configuration
     * @param added the entry to add
     * @return the new configuration
     */
    static NotificationConfiguration with(GetBucketNotificationConfigurationResponse current,
                                          LambdaFunctionConfiguration added) {
        List<LambdaFunctionConfiguration> functions = new ArrayList<>(current.lambdaFunctionConfigurations());
        functions.add(added);
        return copy(current, functions);
    }

    /**
     * The configuration without one function entry, every other entry kept.
     *
     * @param current the bucket's configuration
     * @param id the entry's id
     * @return the new configuration, or empty when no entry has that id
     */
    static Optional<NotificationConfiguration> without(GetBucketNotificationConfigurationResponse current, String id) {
        List<LambdaFunctionConfiguration> functions = new ArrayList<>(current.lambdaFunctionConfigurations());
        if (!functions.removeIf(c -> id.equals(c.id()))) {
            return Optional.empty();
        }
        return Optional.of(copy(current, functions));
    }

    private static NotificationConfiguration copy(GetBucketNotificationConfigurationResponse current,
                                                  List<LambdaFunctionConfiguration> functions) {
        NotificationConfiguration.Builder b = NotificationConfiguration.builder()
                .topicConfigurations(current.topicConfigurations())
                .queueConfigurations(current.queueConfigurations())
                .lambdaFunctionConfigurations(functions);
        if (current.eventBridgeConfiguration() != null) {
            b.eventBridgeConfiguration(current.eventBridgeConfiguration());
        }
        return b.build();
    }

    /**
     * A new configuration id recording the batch size.
     *
     * @param batchSize the batch size
     * @return {@code polycloud-<batch>-<16 hex digits>}
     */
    static String newId(int batchSize) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return ID_PREFIX + batchSize + "-" + HexFormat.of().formatHex(random);
    }

    /**
     * The batch size a configuration id records.
     *
     * @param id the id
     * @return the batch size, or empty for an id Polycloud did not write
     */
    static Optional<Integer> batchSize(String id) {
        if (id == null || !id.startsWith(ID_PREFIX)) {
            return Optional.empty();
        }
        String[] p = id.substring(ID_PREFIX.length()).split("-");
        if (p.length != 2 || !p[0].matches("[0-9]{1,3}") || !p[1].matches("[0-9a-f]{16}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(p[0]));
    }

    /**
     * The ARN of a bucket.
     *
     * @param bucket the bucket
     * @return {@code arn:aws:s3:::<bucket>}
     */
    static String bucketArn(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    // ---------------------------------------------------------------- operations

    /**
     * Binds a function to a bucket's object events.
     *
     * @param function the function
     * @param source the bucket source
     * @param batchSize the batch size (S3 sends one record per invocation, so every batch has one event)
     * @return the trigger
     * @throws CloudException {@code NOT_FOUND} for a missing function or bucket; {@code INVALID_ARGUMENT}
     *                        when S3 refuses the configuration (overlapping filters)
     */
    public Trigger bind(String function, TriggerSource source, int batchSize) {
        String bucket = source.name();
        String resource = "bucket " + bucket;
        BlobEventFilter filter = source.bucketFilter().orElseThrow();
        String arn = functionArn.apply(function).orElseThrow(() -> new CloudException(ErrorCode.NOT_FOUND,
                "Function '" + function + "' does not exist", AwsErrors.PROVIDER, "function " + function, null));
        GetBucketNotificationConfigurationResponse current = read(bucket);
        String id = newId(batchSize);
        String account = account(arn);
        AwsErrors.call(resource, "AddPermission", () -> clients.lambda().addPermission(b -> {
            b.functionName(function).statementId(id).action("lambda:InvokeFunction").principal(PRINCIPAL)
                    .sourceArn(bucketArn(bucket));
            if (account != null) {
                b.sourceAccount(account);
            }
        }));
        try {
            NotificationConfiguration next = with(current, configuration(id, arn, filter));
            AwsErrors.call(resource, "PutBucketNotificationConfiguration", () -> clients.s3()
                    .putBucketNotificationConfiguration(PutBucketNotificationConfigurationRequest.builder()
                            .bucket(bucket).notificationConfiguration(next).build()));
        } catch (CloudException e) {
            removePermission(function, id, resource);
            throw e;
        }
        return new Trigger(PREFIX + bucket + "/" + id, function, source, batchSize);
    }

    /**
     * Removes a bucket trigger: its configuration entry and its permission.
     *
     * @param triggerId {@code bucket:<bucket>/<configuration id>}
     * @throws CloudException {@code NOT_FOUND} when the bucket has no such entry
     */
    public void unbind(String triggerId) {
        String rest = triggerId.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String resource = "trigger " + triggerId;
        if (slash <= 0) {
            throw new CloudException(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist",
                    AwsErrors.PROVIDER, resource, null);
        }
        String bucket = rest.substring(0, slash);
        String id = rest.substring(slash + 1);
        GetBucketNotificationConfigurationResponse current;
        try {
            current = read(bucket);
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist (no bucket '"
                        + bucket + "')", AwsErrors.PROVIDER, resource, e.getCause());
            }
            throw e;
        }
        Optional<LambdaFunctionConfiguration> entry = current.lambdaFunctionConfigurations().stream()
                .filter(c -> id.equals(c.id())).findFirst();
        NotificationConfiguration next = without(current, id).orElseThrow(() -> new CloudException(
                ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist", AwsErrors.PROVIDER, resource, null));
        AwsErrors.call(resource, "PutBucketNotificationConfiguration", () -> clients.s3()
                .putBucketNotificationConfiguration(PutBucketNotificationConfigurationRequest.builder()
                        .bucket(bucket).notificationConfiguration(next).build()));
        functionName(entry.orElseThrow().lambdaFunctionArn()).ifPresent(f -> removePermission(f, id, resource));
    }

    /**
     * The bucket triggers of a function.
     *
     * @param function the function
     * @return its triggers (empty for a missing function or one without a policy)
     */
    public List<Trigger> of(String function) {
        Optional<String> arn = functionArn.apply(function);
        if (arn.isEmpty()) {
            return List.of();
        }
        List<Trigger> out = new ArrayList<>();
        for (String bucket : buckets(function)) {
            GetBucketNotificationConfigurationResponse current;
            try {
                current = read(bucket);
            } catch (CloudException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue; // the bucket went; its permission statement stays harmless
                }
                throw e;
            }
            for (LambdaFunctionConfiguration c : current.lambdaFunctionConfigurations()) {
                Optional<Integer> batch = batchSize(c.id());
                if (batch.isEmpty() || !sameFunction(arn.get(), c.lambdaFunctionArn())) {
                    continue;
                }
                Optional<BlobEventFilter> filter = filter(c);
                if (filter.isEmpty()) {
                    continue;
                }
                try {
                    out.add(new Trigger(PREFIX + bucket + "/" + c.id(), function,
                            TriggerSource.bucket(bucket, filter.get()), batch.get()));
                } catch (CloudException e) {
                    // a bucket name or batch size Polycloud would not have written: not a portable trigger
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

    /**
     * The buckets the function's policy lets invoke it through statements written here.
     *
     * @param function the function
     * @return bucket names, in statement order
     */
    private Set<String> buckets(String function) {
        String policy;
        try {
            policy = AwsErrors.call("function " + function, "GetPolicy",
                    () -> clients.lambda().getPolicy(b -> b.functionName(function)).policy());
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Set.of();
            }
            throw e;
        }
        return policyBuckets(policy);
    }

    /**
     * The buckets of a function policy's {@code polycloud-} statements for S3.
     *
     * @param policy the policy JSON, or null
     * @return bucket names
     */
    static Set<String> policyBuckets(String policy) {
        Set<String> out = new LinkedHashSet<>();
        if (policy == null || policy.isBlank()) {
            return out;
        }
        JsonNode statements = Json.read(policy).path("Statement");
        for (JsonNode s : statements.isArray() ? statements : List.of(statements)) {
            if (!s.path("Sid").asText("").startsWith(ID_PREFIX)) {
                continue;
            }
            JsonNode principal = s.path("Principal").path("Service");
            if (!PRINCIPAL.equals(principal.asText("")) && !(principal.isArray()
                    && principal.toString().contains("\"" + PRINCIPAL + "\""))) {
                continue;
            }
            String source = s.path("Condition").path("ArnLike").path("AWS:SourceArn").asText("");
            if (source.startsWith("arn:aws:s3:::") || source.matches("arn:aws[a-z-]*:s3:::.+")) {
                out.add(source.substring(source.indexOf(":::") + 3));
            }
        }
        return out;
    }

    private GetBucketNotificationConfigurationResponse read(String bucket) {
        try {
            return AwsErrors.call("bucket " + bucket, "GetBucketNotificationConfiguration",
                    () -> clients.s3().getBucketNotificationConfiguration(b -> b.bucket(bucket)));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Bucket '" + bucket + "' does not exist",
                        AwsErrors.PROVIDER, "bucket " + bucket, e.getCause());
            }
            throw e;
        }
    }

    private void removePermission(String function, String statement, String resource) {
        try {
            AwsErrors.call(resource, "RemovePermission", () -> clients.lambda().removePermission(b -> b
                    .functionName(function).statementId(statement)));
        } catch (CloudException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** The account id of a function ARN ({@code arn:aws:lambda:region:account:function:name}), or null. */
    static String account(String arn) {
        String[] p = arn.split(":");
        return p.length >= 5 && p[4].matches("[0-9]{12}") ? p[4] : null;
    }

    /** The function name of a function ARN, without a qualifier. */
    static Optional<String> functionName(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        String[] p = arn.split(":");
        return p.length >= 7 && p[5].equals("function") ? Optional.of(p[6]) : Optional.empty();
    }

    private static boolean sameFunction(String arn, String configured) {
        if (configured == null) {
            return false;
        }
        return configured.equals(arn) || functionName(configured).equals(functionName(arn))
                && configured.startsWith(arn.substring(0, arn.lastIndexOf(':')));
    }
}

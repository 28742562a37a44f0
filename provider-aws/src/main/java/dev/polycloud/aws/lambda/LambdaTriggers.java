package dev.polycloud.aws.lambda;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.sns.SnsSubscriptionDriver;
import dev.polycloud.aws.sqs.SqsReceiverDriver;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.aws.lambda.Sources;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingRequest;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;

/**
 * Triggers as Lambda event source mappings, all reporting batch item failures so that a
 * {@link dev.polycloud.function.BatchResult} fails only the messages or changes it names.
 *
 * <ul>
 *   <li>A queue trigger maps the portable queue's SQS queue. Lambda requires the queue's visibility
 *       timeout (the portable default lease) to be at least the function's timeout, and so does
 *       {@code bind}, failing with {@code INVALID_ARGUMENT} naming both otherwise. Batches over 10
 *       get a one-second batching window (Lambda requires one).</li>
 *   <li>A subscription trigger maps the SQS queue behind the portable subscription, so the
 *       subscription's filter, lease and dead-lettering apply to the trigger as well.</li>
 *   <li>A table trigger maps the table's DynamoDB stream, enabling it ({@code NEW_AND_OLD_IMAGES})
 *       when the table has none and then reading from the stream's start (every change since
 *       binding); on a table whose stream already existed it reads from the latest record. A failed
 *       change is retried {@value #TABLE_RETRIES} times from the first failed change on, then
 *       skipped, like the local runtime.</li>
 * </ul>
 * The trigger id is the mapping's UUID. Mappings Lambda is still deleting are not listed.
 */
final class LambdaTriggers {

    /** Retries of a failed table change batch. */
    static final int TABLE_RETRIES = 3;

    private final AwsClients clients;
    private final LambdaFunctionDriver functions;

    LambdaTriggers(AwsClients clients, LambdaFunctionDriver functions) {
        this.clients = clients;
        this.functions = functions;
    }

    /** Where a trigger reads from. */
    private record Resolved(String arn, Optional<Integer> visibilitySeconds, boolean streamEnabledNow,
                            Optional<Sources> hint) {
    }

    Trigger bind(String function, TriggerSource source, int batchSize) {
        String resource = LambdaFunctionDriver.resource(function);
        LambdaFunctionDriver.Config fn = functions.configuration(function)
                .orElseThrow(() -> LambdaFunctionDriver.missing(function, null));
        Resolved from = switch (source.kind()) {
            case QUEUE -> queue(source.name(), List.of(source.name(), source.name() + SqsReceiverDriver.FIFO_SUFFIX),
                    "Queue '" + source.name() + "' does not exist", resource, null);
            case SUBSCRIPTION -> {
                String queueName = SnsSubscriptionDriver.queueName(source.name(), source.subscription().orElseThrow());
                boolean shortened = !queueName.equals(source.name() + "--" + source.subscription().get());
                yield queue(source.name(), List.of(queueName), "Subscription '" + source.subscription().get()
                        + "' of topic '" + source.name() + "' does not exist", resource,
                        shortened ? source.path() : null);
            }
            case TABLE -> table(source.name(), resource);
            // not declared in the capabilities, so the portable layer refuses it before reaching here
            case SCHEDULE -> throw CloudException.unimplemented(AwsErrors.PROVIDER, "A SCHEDULE trigger");
            case BUCKET -> throw CloudException.unimplemented(AwsErrors.PROVIDER, "A BUCKET trigger");
        };
        int timeout = fn.timeoutSeconds() == null ? 3 : fn.timeoutSeconds();
        if (from.visibilitySeconds().isPresent() && from.visibilitySeconds().get() < timeout) {
            throw CloudException.invalidArgument("The " + (source.kind() == TriggerSource.Kind.QUEUE ? "queue '"
                    + source.name() + "'" : "subscription '" + source.path() + "'") + " has a default lease"
                    + " (SQS visibility timeout) of " + from.visibilitySeconds().get() + " s, shorter than the "
                    + timeout + " s timeout of function '" + function + "': Lambda requires the lease to be at least the"
                    + " function's timeout (create the source with a longer default lease, or give the function a"
                    + " shorter timeout)");
        }
        from.hint().ifPresent(h -> remember(function, h));
        CreateEventSourceMappingRequest.Builder request = CreateEventSourceMappingRequest.builder()
                .functionName(function)
                .eventSourceArn(from.arn())
                .batchSize(batchSize)
                .enabled(true)
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES);
        if (source.kind() == TriggerSource.Kind.TABLE) {
            request.startingPosition(from.streamEnabledNow() ? EventSourcePosition.TRIM_HORIZON
                    : EventSourcePosition.LATEST).maximumRetryAttempts(TABLE_RETRIES).bisectBatchOnFunctionError(false);
        } else if (batchSize > 10) {
            request.maximumBatchingWindowInSeconds(1);
        }
        CreateEventSourceMappingRequest built = request.build();
        String uuid = createMapping(resource, built, from.streamEnabledNow());
        return new Trigger(uuid, function, source, batchSize);
    }

    private String createMapping(String resource, CreateEventSourceMappingRequest request, boolean streamJustEnabled) {
        int attempts = streamJustEnabled ? 15 : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return AwsErrors.call(resource, "CreateEventSourceMapping",
                        () -> clients.lambda().createEventSourceMapping(request)).uuid();
            } catch (CloudException e) {
                // A stream just enabled may not be readable yet: Lambda then refuses the mapping for a while.
                if (attempt >= attempts || e.code() != ErrorCode.INVALID_ARGUMENT) {
                    throw e;
                }
                LambdaFunctionDriver.sleep(1000);
            }
        }
    }

    private Resolved queue(String portable, List<String> candidates, String missing, String resource, String hintPath) {
        for (String name : candidates) {
            Optional<SqsReceiverDriver.QueueRef> ref = SqsReceiverDriver.lookUp(clients, resource, name);
            if (ref.isPresent()) {
                Map<String, String> attributes = AwsErrors.call(resource, "GetQueueAttributes", () -> clients.sqs()
                        .getQueueAttributes(b -> b.queueUrl(ref.get().url())
                                .attributeNamesWithStrings("QueueArn", "VisibilityTimeout")).attributesAsStrings());
                Optional<Integer> visibility = Optional.ofNullable(attributes.get("VisibilityTimeout"))
                        .map(Integer::valueOf);
                Optional<Sources> hint = hintPath == null ? Optional.empty()
                        : Optional.of(Sources.NONE.withQueue(name, hintPath));
                return new Resolved(attributes.get("QueueArn"), visibility, false, hint);
            }
        }
        throw new CloudException(ErrorCode.NOT_FOUND, missing, AwsErrors.PROVIDER, resource, null);
    }

    private Resolved table(String table, String resource) {
        TableDescription t = describe(table, resource);
        boolean enabledNow = false;
        StreamSpecification stream = t.streamSpecification();
        if (stream == null || !Boolean.TRUE.equals(stream.streamEnabled()) || t.latestStreamArn() == null) {
            awaitActive(table, resource);
            AwsErrors.call(resource, "UpdateTable", () -> clients.dynamoDb().updateTable(b -> b.tableName(table)
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))));
            enabledNow = true;
            t = awaitActive(table, resource);
        } else if (stream.streamViewType() != StreamViewType.NEW_AND_OLD_IMAGES) {
            throw new CloudException(ErrorCode.PRECONDITION_FAILED, "Table '" + table + "' has a DynamoDB stream of"
                    + " view type " + stream.streamViewTypeAsString() + "; table triggers need NEW_AND_OLD_IMAGES"
                    + " (a stream's view type cannot change while it is enabled)", AwsErrors.PROVIDER, resource, null);
        }
        if (t.latestStreamArn() == null) {
            throw new CloudException(ErrorCode.UNAVAILABLE, "Table '" + table + "' has no stream ARN yet",
                    AwsErrors.PROVIDER, resource, null);
        }
        List<String> keys = new ArrayList<>();
        t.keySchema().stream().filter(k -> k.keyType() == KeyType.HASH).map(KeySchemaElement::attributeName)
                .forEach(keys::add);
        t.keySchema().stream().filter(k -> k.keyType() == KeyType.RANGE).map(KeySchemaElement::attributeName)
                .forEach(keys::add);
        Optional<Sources> hint = keys.size() > 1 ? Optional.of(Sources.NONE.withTable(table, keys)) : Optional.empty();
        return new Resolved(t.latestStreamArn(), Optional.empty(), enabledNow, hint);
    }

    private TableDescription describe(String table, String resource) {
        try {
            return AwsErrors.call(resource, "DescribeTable",
                    () -> clients.dynamoDb().describeTable(b -> b.tableName(table)).table());
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Table '" + table + "' does not exist",
                        AwsErrors.PROVIDER, resource, e.getCause());
            }
            throw e;
        }
    }

    private TableDescription awaitActive(String table, String resource) {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(5).toNanos();
        long pause = 100;
        while (true) {
            TableDescription t = describe(table, resource);
            if (t.tableStatus() == TableStatus.ACTIVE || t.tableStatus() == null || System.nanoTime() > deadline) {
                return t;
            }
            LambdaFunctionDriver.sleep(pause);
            pause = Math.min(2000, pause * 2);
        }
    }

    /**
     * Adds hints the adapter needs to the function's environment (kept across redeploys).
     *
     * @param function the function
     * @param hint the hints to add
     */
    private void remember(String function, Sources hint) {
        String resource = LambdaFunctionDriver.resource(function);
        functions.awaitSettled(function);
        LambdaFunctionDriver.Config c = functions.configuration(function)
                .orElseThrow(() -> LambdaFunctionDriver.missing(function, null));
        Map<String, String> variables = new LinkedHashMap<>(c.variables());
        Sources current = Sources.parse(variables.get(Sources.ENV));
        Sources merged = current;
        for (Map.Entry<String, String> q : hint.queues().entrySet()) {
            merged = merged.withQueue(q.getKey(), q.getValue());
        }
        for (Map.Entry<String, List<String>> t : hint.tables().entrySet()) {
            merged = merged.withTable(t.getKey(), t.getValue());
        }
        if (merged.equals(current)) {
            return;
        }
        variables.put(Sources.ENV, merged.toJson());
        AwsErrors.call(resource, "UpdateFunctionConfiguration", () -> clients.lambda().updateFunctionConfiguration(b -> b
                .functionName(function).environment(Environment.builder().variables(variables).build())));
        functions.awaitSettled(function);
    }

    void unbind(String triggerId) {
        String resource = "trigger " + triggerId;
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                // Read first: deleting a mapping that is already being deleted is not an error everywhere.
                String state = AwsErrors.call(resource, "GetEventSourceMapping",
                        () -> clients.lambda().getEventSourceMapping(b -> b.uuid(triggerId)).state());
                if ("Deleting".equalsIgnoreCase(state)) {
                    throw new CloudException(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' is being deleted",
                            AwsErrors.PROVIDER, resource, null);
                }
                AwsErrors.call(resource, "DeleteEventSourceMapping",
                        () -> clients.lambda().deleteEventSourceMapping(b -> b.uuid(triggerId)));
                return;
            } catch (CloudException e) {
                if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.INVALID_ARGUMENT) {
                    throw new CloudException(ErrorCode.NOT_FOUND, "Trigger '" + triggerId + "' does not exist",
                            AwsErrors.PROVIDER, resource, e.getCause());
                }
                // ResourceInUseException: the mapping is being created or updated; it can be deleted once that ends
                if (e.code() != ErrorCode.ALREADY_EXISTS || System.nanoTime() > deadline) {
                    throw e;
                }
                LambdaFunctionDriver.sleep(1000);
            }
        }
    }

    /**
     * Deletes every mapping of a function (when the function is deleted).
     *
     * @param function the function
     */
    void unbindAll(String function) {
        for (EventSourceMappingConfiguration m : mappings(function)) {
            try {
                unbind(m.uuid());
            } catch (CloudException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
        }
    }

    List<Trigger> of(String function) {
        List<Trigger> out = new ArrayList<>();
        for (EventSourceMappingConfiguration m : mappings(function)) {
            if ("Deleting".equalsIgnoreCase(m.state())) {
                continue;
            }
            Optional<TriggerSource> source = source(m.eventSourceArn(), LambdaFunctionDriver.resource(function));
            if (source.isPresent() && m.batchSize() != null) {
                try {
                    out.add(new Trigger(m.uuid(), function, source.get(), m.batchSize()));
                } catch (CloudException e) {
                    // a batch size Polycloud would not have set (over 100): not a portable trigger
                }
            }
        }
        return out;
    }

    private List<EventSourceMappingConfiguration> mappings(String function) {
        try {
            return AwsErrors.call(LambdaFunctionDriver.resource(function), "ListEventSourceMappings",
                    () -> clients.lambda().listEventSourceMappingsPaginator(b -> b.functionName(function))
                            .eventSourceMappings().stream().toList());
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * The portable source of an event source ARN.
     *
     * @param arn an SQS queue or DynamoDB stream ARN
     * @param resource the resource, for errors
     * @return the source, or empty for sources Polycloud does not bind
     */
    Optional<TriggerSource> source(String arn, String resource) {
        if (arn == null) {
            return Optional.empty();
        }
        try {
            if (arn.contains(":sqs:")) {
                String name = arn.substring(arn.lastIndexOf(':') + 1);
                int split = name.indexOf("--");
                if (split > 0) {
                    if (name.length() >= 80) {
                        Optional<TriggerSource> tagged = taggedSubscription(name, resource);
                        if (tagged.isPresent()) {
                            return tagged;
                        }
                    }
                    return Optional.of(TriggerSource.subscription(name.substring(0, split), name.substring(split + 2)));
                }
                return Optional.of(TriggerSource.queue(name.endsWith(SqsReceiverDriver.FIFO_SUFFIX)
                        ? name.substring(0, name.length() - SqsReceiverDriver.FIFO_SUFFIX.length()) : name));
            }
            if (arn.contains(":dynamodb:") && arn.contains(":table/")) {
                String rest = arn.substring(arn.indexOf(":table/") + ":table/".length());
                int slash = rest.indexOf('/');
                return Optional.of(TriggerSource.table(slash < 0 ? rest : rest.substring(0, slash)));
            }
        } catch (CloudException e) {
            // a name that is not a portable name: not a Polycloud trigger
        }
        return Optional.empty();
    }

    private Optional<TriggerSource> taggedSubscription(String queueName, String resource) {
        Optional<SqsReceiverDriver.QueueRef> ref = SqsReceiverDriver.lookUp(clients, resource, queueName);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> tags = AwsErrors.call(resource, "ListQueueTags",
                () -> clients.sqs().listQueueTags(b -> b.queueUrl(ref.get().url())).tags());
        String topic = tags.get(SnsSubscriptionDriver.TOPIC_TAG);
        String subscription = tags.get(SnsSubscriptionDriver.SUBSCRIPTION_NAME_TAG);
        return topic != null && subscription != null ? Optional.of(TriggerSource.subscription(topic, subscription))
                : Optional.empty();
    }
}

package dev.polycloud.aws.dynamodb;

import dev.polycloud.aws.internal.AwsClients;
import dev.polycloud.aws.internal.AwsErrors;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.TableDriver;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Page;
import dev.polycloud.table.Query;
import dev.polycloud.table.SortKeyCondition;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.WriteCondition;
import dev.polycloud.table.WriteOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A portable table on DynamoDB, with the portable name as table name and on-demand capacity.
 *
 * <p>The partition key is the table's {@code HASH} key and the sort key its {@code RANGE} key
 * ({@link KeyType#STRING} is {@code S}, {@link KeyType#LONG} is {@code N}); {@link #schema()} reads
 * them back with {@code DescribeTable}. Values are encoded by {@link DynamoValues}; the version
 * lives in {@value DynamoValues#VERSION}. Conditional writes are condition expressions: must-not-exist
 * is {@code attribute_not_exists(pk)} ({@code ConditionalCheckFailed} becomes
 * {@link ErrorCode#ALREADY_EXISTS}), must-exist {@code attribute_exists(pk)}
 * ({@link ErrorCode#NOT_FOUND}), and if-version {@code _pcv = :version}
 * ({@link ErrorCode#PRECONDITION_FAILED}). Reads are strongly consistent. Batches are one request
 * each; unprocessed keys and items are reported per entry as {@link ErrorCode#THROTTLED} and resent by the
 * portable layer.
 *
 * <p>Creating a table waits until it is {@code ACTIVE}, deleting one until it is gone (up to five
 * minutes each).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class DynamoTableDriver implements TableDriver {

    private static final Duration WAIT_LIMIT = Duration.ofMinutes(5);

    private final AwsClients clients;
    private final String name;
    private final String resource;

    public DynamoTableDriver(AwsClients clients, String name) {
        this.clients = clients;
        this.name = name;
        this.resource = "table " + name;
    }

    private DynamoDbClient db() {
        return clients.dynamoDb();
    }

    private <T> T call(String operation, Supplier<T> call) {
        try {
            return AwsErrors.call(resource, operation, call);
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new CloudException(ErrorCode.NOT_FOUND, "Table '" + name + "' does not exist",
                        AwsErrors.PROVIDER, resource, e.getCause());
            }
            throw e;
        }
    }

    private Optional<TableDescription> describe() {
        try {
            return Optional.of(call("DescribeTable", () -> db().describeTable(b -> b.tableName(name)).table()));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void create(TableSchema wanted) {
        Optional<TableDescription> existing = describe();
        if (existing.isPresent() && existing.get().tableStatus() == TableStatus.DELETING) {
            waitUntilGone();
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            List<AttributeDefinition> definitions = new ArrayList<>();
            List<KeySchemaElement> keys = new ArrayList<>();
            definitions.add(definition(wanted.partitionKey(), wanted.partitionKeyType()));
            keys.add(KeySchemaElement.builder().attributeName(wanted.partitionKey())
                    .keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.HASH).build());
            if (wanted.hasSortKey()) {
                definitions.add(definition(wanted.sortKey().orElseThrow(), wanted.sortKeyType().orElseThrow()));
                keys.add(KeySchemaElement.builder().attributeName(wanted.sortKey().orElseThrow())
                        .keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.RANGE).build());
            }
            try {
                call("CreateTable", () -> db().createTable(b -> b.tableName(name).attributeDefinitions(definitions)
                        .keySchema(keys).billingMode(BillingMode.PAY_PER_REQUEST)));
            } catch (CloudException e) {
                if (e.code() != ErrorCode.ALREADY_EXISTS) {
                    throw e;
                }
                existing = describe();
            }
        }
        if (existing.isPresent()) {
            TableSchema current = schemaOf(existing.get());
            if (!current.equals(wanted)) {
                throw new CloudException(ErrorCode.ALREADY_EXISTS, "Table '" + name + "' already exists with another"
                        + " key schema: " + current, AwsErrors.PROVIDER, resource, null);
            }
        }
        waitUntilActive();
    }

    private static AttributeDefinition definition(String attribute, KeyType type) {
        return AttributeDefinition.builder().attributeName(attribute)
                .attributeType(type == KeyType.LONG ? ScalarAttributeType.N : ScalarAttributeType.S).build();
    }

    @Override
    public void delete() {
        try {
            call("DeleteTable", () -> db().deleteTable(b -> b.tableName(name)));
        } catch (CloudException e) {
            if (e.code() == ErrorCode.ALREADY_EXISTS) {
                throw new CloudException(ErrorCode.UNAVAILABLE, "Table '" + name + "' is being created or updated;"
                        + " delete it once it is active", AwsErrors.PROVIDER, resource, e.getCause());
            }
            throw e;
        }
        waitUntilGone();
    }

    @Override
    public boolean exists() {
        return describe().filter(t -> t.tableStatus() != TableStatus.DELETING).isPresent();
    }

    @Override
    public Optional<TableSchema> schema() {
        return describe().filter(t -> t.tableStatus() != TableStatus.DELETING).map(this::schemaOf);
    }

    private TableSchema schemaOf(TableDescription t) {
        Map<String, ScalarAttributeType> types = new LinkedHashMap<>();
        t.attributeDefinitions().forEach(d -> types.put(d.attributeName(), d.attributeType()));
        String partition = null;
        String sort = null;
        for (KeySchemaElement k : t.keySchema()) {
            if (k.keyType() == software.amazon.awssdk.services.dynamodb.model.KeyType.HASH) {
                partition = k.attributeName();
            } else {
                sort = k.attributeName();
            }
        }
        if (partition == null) {
            throw new CloudException(ErrorCode.INTERNAL, "DescribeTable returned no partition key for " + name,
                    AwsErrors.PROVIDER, resource, null);
        }
        KeyType partitionType = keyType(partition, types.get(partition));
        return sort == null ? TableSchema.of(partition, partitionType)
                : TableSchema.of(partition, partitionType, sort, keyType(sort, types.get(sort)));
    }

    private KeyType keyType(String attribute, ScalarAttributeType type) {
        if (type == ScalarAttributeType.S) {
            return KeyType.STRING;
        }
        if (type == ScalarAttributeType.N) {
            return KeyType.LONG;
        }
        throw new CloudException(ErrorCode.UNIMPLEMENTED, "Key attribute '" + attribute + "' of table '" + name
                + "' is " + type + "; portable keys are strings (S) or longs (N)", AwsErrors.PROVIDER, resource, null);
    }

    private void waitUntilActive() {
        waitFor("to become active", () -> describe().map(TableDescription::tableStatus)
                .map(s -> s == TableStatus.ACTIVE).orElse(false));
    }

    private void waitUntilGone() {
        waitFor("to be deleted", () -> describe().isEmpty());
    }

    private void waitFor(String what, Supplier<Boolean> done) {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        long pause = 100;
        while (!done.get()) {
            if (System.nanoTime() > deadline) {
                throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Table '" + name + "' did not finish " + what
                        + " within " + WAIT_LIMIT, AwsErrors.PROVIDER, resource, null);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Interrupted while waiting for table '" + name
                        + "' " + what, AwsErrors.PROVIDER, resource, e);
            }
            pause = Math.min(1_000, pause * 2);
        }
    }

    private Map<String, AttributeValue> key(TableSchema s, Key key) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        s.keyAttributes(key).forEach((k, v) -> map.put(k, DynamoValues.key(v)));
        return map;
    }

    @Override
    public Optional<Item> get(TableSchema s, Key key) {
        GetItemRequest request = getRequest(s, key);
        return decodeFound(call("GetItem", () -> db().getItem(request).item()));
    }

    /** The get on {@link DynamoDbAsyncClient}: the same request and mapping as {@link #get(TableSchema, Key)}. */
    @Override
    public CompletableFuture<Optional<Item>> getAsync(TableSchema s, Key key) {
        return callAsync("GetItem", () -> clients.dynamoDbAsync().getItem(getRequest(s, key)))
                .thenApply(response -> decodeFound(response.item()));
    }

    private GetItemRequest getRequest(TableSchema s, Key key) {
        return GetItemRequest.builder().tableName(name).key(key(s, key)).consistentRead(true).build();
    }

    private static Optional<Item> decodeFound(Map<String, AttributeValue> found) {
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(DynamoValues.decodeItem(found));
    }

    @Override
    public void write(TableSchema s, Item item, WriteCondition condition) {
        Condition c = Condition.of(condition, s.partitionKey());
        PutItemRequest request = putRequest(item, c);
        try {
            call("PutItem", () -> db().putItem(request));
        } catch (CloudException e) {
            throw c == null ? e : c.translate(e, s.keyOf(item), resource);
        }
    }

    /** The write on {@link DynamoDbAsyncClient}: the same request and error translation as {@link #write}. */
    @Override
    public CompletableFuture<Void> writeAsync(TableSchema s, Item item, WriteCondition condition) {
        Condition c;
        PutItemRequest request;
        try {
            c = Condition.of(condition, s.partitionKey());
            request = putRequest(item, c);
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        }
        return callAsync("PutItem", () -> clients.dynamoDbAsync().putItem(request))
                .handle((response, error) -> {
                    if (error == null) {
                        return (Void) null;
                    }
                    CloudException e = (CloudException) error;
                    throw c == null ? e : c.translate(e, s.keyOf(item), resource);
                });
    }

    private PutItemRequest putRequest(Item item, Condition c) {
        Map<String, AttributeValue> encoded = checkSize(DynamoValues.encodeItem(item));
        PutItemRequest.Builder b = PutItemRequest.builder().tableName(name).item(encoded);
        if (c != null) {
            b.conditionExpression(c.expression()).expressionAttributeNames(c.names());
            if (!c.values().isEmpty()) {
                b.expressionAttributeValues(c.values());
            }
        }
        return b.build();
    }

    /**
     * Runs a {@link DynamoDbAsyncClient} call: the asynchronous twin of {@code call}, with the same
     * error mapping. Failures complete the future with a {@link CloudException}, never wrapped.
     */
    private <T> CompletableFuture<T> callAsync(String operation, Supplier<CompletableFuture<T>> call) {
        return AwsErrors.callAsync(resource, operation, call, mapped -> mapped.code() != ErrorCode.NOT_FOUND ? mapped
                : new CloudException(ErrorCode.NOT_FOUND, "Table '" + name + "' does not exist",
                        AwsErrors.PROVIDER, resource, mapped.getCause()));
    }

    @Override
    public void delete(TableSchema s, Key key, WriteCondition condition) {
        Condition c = Condition.of(condition, s.partitionKey());
        try {
            call("DeleteItem", () -> db().deleteItem(b -> {
                b.tableName(name).key(key(s, key));
                if (c != null) {
                    b.conditionExpression(c.expression()).expressionAttributeNames(c.names());
                    if (!c.values().isEmpty()) {
                        b.expressionAttributeValues(c.values());
                    }
                }
            }));
        } catch (CloudException e) {
            throw c == null ? e : c.translate(e, key, resource);
        }
    }

    private Map<String, AttributeValue> checkSize(Map<String, AttributeValue> encoded) {
        long size = DynamoSize.of(encoded);
        if (size > DynamoSize.MAX_ITEM_BYTES) {
            throw new CloudException(ErrorCode.INVALID_ARGUMENT, "With its version and type marker the item takes "
                    + size + " bytes on DynamoDB, over its limit of " + DynamoSize.MAX_ITEM_BYTES
                    + " (items with many decimal or double values carry the largest markers)", AwsErrors.PROVIDER,
                    resource, null);
        }
        return encoded;
    }

    /**
     * A condition expression and what its failure means.
     *
     * @param expression the expression
     * @param names the attribute name placeholders
     * @param values the value placeholders
     * @param onFailure the code when {@code ConditionalCheckFailed}
     */
    record Condition(String expression, Map<String, String> names, Map<String, AttributeValue> values,
                     ErrorCode onFailure) {

        static Condition of(WriteCondition condition, String partitionKey) {
            if (condition instanceof WriteCondition.MustNotExist) {
                return new Condition("attribute_not_exists(#k)", Map.of("#k", partitionKey), Map.of(),
                        ErrorCode.ALREADY_EXISTS);
            }
            if (condition instanceof WriteCondition.MustExist) {
                return new Condition("attribute_exists(#k)", Map.of("#k", partitionKey), Map.of(), ErrorCode.NOT_FOUND);
            }
            if (condition instanceof WriteCondition.IfVersion v) {
                if (v.version().equals(DynamoValues.UNVERSIONED)) {
                    return new Condition("attribute_exists(#k) AND attribute_not_exists(#v)",
                            Map.of("#k", partitionKey, "#v", DynamoValues.VERSION), Map.of(),
                            ErrorCode.PRECONDITION_FAILED);
                }
                return new Condition("#v = :v", Map.of("#v", DynamoValues.VERSION),
                        Map.of(":v", AttributeValue.fromS(v.version())), ErrorCode.PRECONDITION_FAILED);
            }
            return null;
        }

        CloudException translate(CloudException e, Key key, String resource) {
            if (!(e.getCause() instanceof software.amazon.awssdk.services.dynamodb.model
                    .ConditionalCheckFailedException)) {
                return e;
            }
            String message = switch (onFailure) {
                case ALREADY_EXISTS -> "An item with key " + key + " already exists";
                case NOT_FOUND -> "No item has key " + key;
                default -> "The item with key " + key + " changed or was deleted since version was read";
            };
            return new CloudException(onFailure, message, AwsErrors.PROVIDER, resource, e.getCause());
        }
    }

    @Override
    public Page<Item> query(TableSchema s, Query query, int pageSize) {
        QueryRequest request = queryRequest(s, query, pageSize);
        QueryResponse response = call("Query", () -> db().query(request));
        return page(response.items(), response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null);
    }

    /** The query on {@link DynamoDbAsyncClient}: the same request and page as {@link #query(TableSchema, Query, int)}. */
    @Override
    public CompletableFuture<Page<Item>> queryAsync(TableSchema s, Query query, int pageSize) {
        return callAsync("Query", () -> clients.dynamoDbAsync().query(queryRequest(s, query, pageSize)))
                .thenApply(response -> page(response.items(),
                        response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null));
    }

    private QueryRequest queryRequest(TableSchema s, Query query, int pageSize) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        names.put("#k", s.partitionKey());
        values.put(":k", DynamoValues.key(query.partition()));
        StringBuilder expression = new StringBuilder("#k = :k");
        query.sortKey().ifPresent(c -> {
            names.put("#s", s.sortKey().orElseThrow());
            values.put(":s", DynamoValues.key(c.value()));
            expression.append(" AND ").append(sortCondition(c));
            c.upper().ifPresent(u -> values.put(":u", DynamoValues.key(u)));
        });
        Map<String, AttributeValue> start = query.cursor()
                .map(position -> DynamoCursors.decode(position, keyNames(s), resource)).orElse(null);
        return QueryRequest.builder().tableName(name)
                .keyConditionExpression(expression.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .scanIndexForward(!query.descending())
                .limit(pageSize)
                .consistentRead(true)
                .exclusiveStartKey(start)
                .build();
    }

    private static String sortCondition(SortKeyCondition c) {
        return switch (c.operator()) {
            case EQ -> "#s = :s";
            case LT -> "#s < :s";
            case LE -> "#s <= :s";
            case GT -> "#s > :s";
            case GE -> "#s >= :s";
            case BETWEEN -> "#s BETWEEN :s AND :u";
            case BEGINS_WITH -> "begins_with(#s, :s)";
        };
    }

    @Override
    public Page<Item> scan(TableSchema s, Optional<String> position, int pageSize) {
        Map<String, AttributeValue> start = position.map(c -> DynamoCursors.decode(c, keyNames(s), resource))
                .orElse(null);
        ScanResponse response = call("Scan", () -> db().scan(b -> b.tableName(name).limit(pageSize)
                .consistentRead(true).exclusiveStartKey(start)));
        return page(response.items(), response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null);
    }

    private static Set<String> keyNames(TableSchema s) {
        Set<String> names = new LinkedHashSet<>();
        names.add(s.partitionKey());
        s.sortKey().ifPresent(names::add);
        return names;
    }

    private static Page<Item> page(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> last) {
        List<Item> decoded = new ArrayList<>(items.size());
        items.forEach(i -> decoded.add(DynamoValues.decodeItem(i)));
        return new Page<>(decoded, last == null || last.isEmpty() ? Optional.empty()
                : Optional.of(DynamoCursors.encode(last)));
    }

    /**
     * One {@code BatchGetItem}, sent once: keys DynamoDB left unprocessed are failed entries with
     * {@link ErrorCode#THROTTLED}, for the portable layer to ask again.
     */
    @Override
    public BatchOutcome<Optional<Item>> batchGet(TableSchema s, List<Key> keys) {
        List<Map<String, AttributeValue>> ask = new ArrayList<>(keys.size());
        Map<Map<String, AttributeValue>, Integer> index = new HashMap<>();
        for (Key k : keys) {
            Map<String, AttributeValue> key = key(s, k);
            index.put(key, ask.size());
            ask.add(key);
        }
        BatchGetItemResponse response = call("BatchGetItem", () -> db().batchGetItem(b -> b.requestItems(
                Map.of(name, KeysAndAttributes.builder().keys(ask).consistentRead(true).build()))));
        List<Optional<Item>> found = new ArrayList<>(java.util.Collections.nCopies(keys.size(), Optional.empty()));
        Set<String> keyNames = keyNames(s);
        for (Map<String, AttributeValue> raw : response.responses().getOrDefault(name, List.of())) {
            Map<String, AttributeValue> key = new HashMap<>(raw);
            key.keySet().retainAll(keyNames);
            Integer i = index.get(key);
            if (i != null) {
                found.set(i, Optional.of(DynamoValues.decodeItem(raw)));
            }
        }
        boolean[] unprocessed = new boolean[keys.size()];
        KeysAndAttributes left = response.hasUnprocessedKeys() ? response.unprocessedKeys().get(name) : null;
        if (left != null && left.hasKeys()) {
            for (Map<String, AttributeValue> key : left.keys()) {
                Integer i = index.get(key);
                if (i != null) {
                    unprocessed[i] = true;
                }
            }
        }
        BatchOutcome.Builder<Optional<Item>> outcome = BatchOutcome.builder(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            if (unprocessed[i]) {
                outcome.failure(i, unprocessed("BatchGetItem", "key"));
            } else {
                outcome.success(i, found.get(i));
            }
        }
        return outcome.build();
    }

    /**
     * One {@code BatchWriteItem}, sent once: writes DynamoDB left unprocessed are failed entries with
     * {@link ErrorCode#THROTTLED}, for the portable layer to send again.
     */
    @Override
    public BatchOutcome<Void> batchWrite(TableSchema s, List<WriteOperation> operations) {
        List<WriteRequest> send = new ArrayList<>(operations.size());
        for (WriteOperation op : operations) {
            if (op instanceof WriteOperation.Put put) {
                send.add(WriteRequest.builder().putRequest(PutRequest.builder()
                        .item(checkSize(DynamoValues.encodeItem(put.item()))).build()).build());
            } else {
                send.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                        .key(key(s, ((WriteOperation.Delete) op).key())).build()).build());
            }
        }
        BatchWriteItemResponse response = call("BatchWriteItem", () -> db().batchWriteItem(b -> b
                .requestItems(Map.of(name, send))));
        List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                ? response.unprocessedItems().getOrDefault(name, List.of()) : List.of();
        BatchOutcome.Builder<Void> outcome = BatchOutcome.builder(operations.size());
        Set<WriteRequest> left = new java.util.HashSet<>(unprocessed);
        for (int i = 0; i < send.size(); i++) {
            if (left.contains(send.get(i))) {
                outcome.failure(i, unprocessed("BatchWriteItem", "write"));
            } else {
                outcome.success(i, null);
            }
        }
        return outcome.build();
    }

    private CloudException unprocessed(String operation, String what) {
        return new CloudException(ErrorCode.THROTTLED, operation + " on " + resource + " left a " + what
                + " unprocessed", AwsErrors.PROVIDER, resource, null);
    }

    /**
     * {@code UpdateItem} with {@code ADD}: atomic on the server. The condition lets it apply only to an
     * absent attribute or a plain number (a long: no type marker), so a string, double or decimal is
     * {@link ErrorCode#INVALID_ARGUMENT} instead of being changed.
     */
    @Override
    public Optional<Item> increment(TableSchema s, Key key, String attribute, long delta, String version) {
        Map<String, String> names = Map.of("#a", attribute, "#v", DynamoValues.VERSION, "#t", DynamoValues.TYPES);
        Map<String, AttributeValue> values = Map.of(":d", AttributeValue.fromN(Long.toString(delta)),
                ":ver", AttributeValue.fromS(version), ":n", AttributeValue.fromS("N"));
        try {
            Map<String, AttributeValue> stored = call("UpdateItem", () -> db().updateItem(b -> b.tableName(name)
                    .key(key(s, key))
                    .updateExpression("ADD #a :d SET #v = :ver")
                    .conditionExpression("attribute_not_exists(#a) OR (attribute_type(#a, :n) AND attribute_not_exists(#t.#a))")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW)).attributes());
            return Optional.of(DynamoValues.decodeItem(stored));
        } catch (CloudException e) {
            if (e.getCause() instanceof software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException) {
                throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Attribute '" + attribute + "' of the item with key "
                        + key + " is not a LONG: it cannot be incremented", AwsErrors.PROVIDER, resource, e.getCause());
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "DynamoTableDriver[" + name + "]";
    }
}

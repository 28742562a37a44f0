package dev.polycloud.table;

import dev.polycloud.CloudException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The key schema of a table: a partition key and an optional sort key, each with a name and a
 * {@link KeyType}.
 *
 * @param partitionKey the partition key attribute name
 * @param partitionKeyType its type
 * @param sortKey the sort key attribute name, if the table has one
 * @param sortKeyType its type, present exactly when {@code sortKey} is
 */
public record TableSchema(String partitionKey, KeyType partitionKeyType, Optional<String> sortKey,
                          Optional<KeyType> sortKeyType) {

    /** The longest string key value, in UTF-8 bytes (DynamoDB's sort-key and Azure's key limits). */
    public static final int MAX_KEY_BYTES = 1024;

    /**
     * Checks the components.
     *
     * @param partitionKey see the record description
     * @param partitionKeyType see the record description
     * @param sortKey see the record description
     * @param sortKeyType see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for bad names or a type
     *                        without a sort key name
     */
    public TableSchema {
        ItemValidator.attributeName(partitionKey);
        Objects.requireNonNull(partitionKeyType, "partitionKeyType");
        sortKey = sortKey == null ? Optional.empty() : sortKey;
        sortKeyType = sortKeyType == null ? Optional.empty() : sortKeyType;
        if (sortKey.isPresent() != sortKeyType.isPresent()) {
            throw CloudException.invalidArgument("A sort key needs both a name and a type");
        }
        sortKey.ifPresent(ItemValidator::attributeName);
        if (sortKey.isPresent() && sortKey.get().equals(partitionKey)) {
            throw CloudException.invalidArgument("Partition and sort key must have different names");
        }
    }

    /**
     * A schema with only a partition key.
     *
     * @param name the partition key attribute name
     * @param type its type
     * @return the schema
     */
    public static TableSchema of(String name, KeyType type) {
        return new TableSchema(name, type, Optional.empty(), Optional.empty());
    }

    /**
     * A schema with a partition key and a sort key.
     *
     * @param partitionKey the partition key name
     * @param partitionKeyType its type
     * @param sortKey the sort key name
     * @param sortKeyType its type
     * @return the schema
     */
    public static TableSchema of(String partitionKey, KeyType partitionKeyType, String sortKey, KeyType sortKeyType) {
        return new TableSchema(partitionKey, partitionKeyType, Optional.of(sortKey), Optional.of(sortKeyType));
    }

    /**
     * Whether the table has a sort key.
     *
     * @return true if it has one
     */
    public boolean hasSortKey() {
        return sortKey.isPresent();
    }

    /**
     * The key of an item.
     *
     * @param item the item
     * @return its key
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when a key attribute is
     *                        missing or has the wrong type
     */
    public Key keyOf(Item item) {
        Value pk = item.get(partitionKey).orElseThrow(() -> CloudException.invalidArgument(
                "Item has no partition key attribute '" + partitionKey + "'"));
        Optional<Value> sk = sortKey.map(name -> item.get(name).orElseThrow(() -> CloudException.invalidArgument(
                "Item has no sort key attribute '" + name + "'")));
        Key key = new Key(pk, sk);
        validate(key);
        return key;
    }

    /**
     * Checks that a key fits this schema.
     *
     * @param key the key
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when it does not
     */
    public void validate(Key key) {
        validatePartition(key.partition());
        if (sortKey.isPresent()) {
            validateSort(key.sort().orElseThrow(() -> CloudException.invalidArgument(
                    "Key needs a sort key value for '" + sortKey.get() + "'")));
        } else if (key.sort().isPresent()) {
            throw CloudException.invalidArgument("Table has no sort key, but the key has a sort value");
        }
    }

    /**
     * Checks a partition key value.
     *
     * @param value the value
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for the wrong type or size
     */
    public void validatePartition(Value value) {
        checkKeyValue(partitionKey, partitionKeyType, value);
    }

    /**
     * Checks a sort key value.
     *
     * @param value the value
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for the wrong type or size,
     *                        or when the table has no sort key
     */
    public void validateSort(Value value) {
        if (sortKey.isEmpty()) {
            throw CloudException.invalidArgument("Table has no sort key");
        }
        checkKeyValue(sortKey.get(), sortKeyType.orElseThrow(), value);
    }

    /**
     * The key attributes of a key, as they appear in an item.
     *
     * @param key a key of this schema
     * @return attribute names to values
     */
    public Map<String, Value> keyAttributes(Key key) {
        Map<String, Value> map = new LinkedHashMap<>();
        map.put(partitionKey, key.partition());
        sortKey.ifPresent(name -> map.put(name, key.sort().orElseThrow()));
        return map;
    }

    private static void checkKeyValue(String name, KeyType type, Value value) {
        if (value.type() != type.valueType()) {
            throw CloudException.invalidArgument(
                    "Key attribute '" + name + "' must be " + type + " (found " + value.type() + ")");
        }
        if (value instanceof Value.StringValue s) {
            int bytes = s.value().getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > MAX_KEY_BYTES) {
                throw CloudException.invalidArgument("Key attribute '" + name + "' must be 1 to " + MAX_KEY_BYTES
                        + " UTF-8 bytes (found " + bytes + ")");
            }
        }
    }
}

package dev.polycloud.table;

import java.util.Objects;
import java.util.Optional;

/**
 * The primary key of an item: its partition key value and, for tables with a sort key, its
 * sort key value.
 *
 * @param partition the partition key value (a string or long value)
 * @param sort the sort key value, present exactly when the table has a sort key
 */
public record Key(Value partition, Optional<Value> sort) {

    /**
     * Checks the components.
     *
     * @param partition see the record description
     * @param sort see the record description
     * @throws NullPointerException for null components
     */
    public Key {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(sort, "sort");
    }

    /**
     * A key with only a partition value.
     *
     * @param partition a String or Long (or a {@link Value})
     * @return the key
     * @throws NullPointerException when {@code partition} is null
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a type
     *                                      that is not a table value
     */
    public static Key of(Object partition) {
        return new Key(Value.from(Objects.requireNonNull(partition, "partition")), Optional.empty());
    }

    /**
     * A key with partition and sort values.
     *
     * @param partition a String or Long (or a {@link Value})
     * @param sort a String or Long (or a {@link Value})
     * @return the key
     * @throws NullPointerException when an argument is null
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a type
     *                                      that is not a table value
     */
    public static Key of(Object partition, Object sort) {
        return new Key(Value.from(Objects.requireNonNull(partition, "partition")),
                Optional.of(Value.from(Objects.requireNonNull(sort, "sort"))));
    }

    @Override
    public String toString() {
        return "Key[" + partition.toJava() + sort.map(s -> ", " + s.toJava()).orElse("") + "]";
    }
}

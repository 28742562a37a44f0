package dev.polycloud.table;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A typed attribute value of a table item. Create values with the {@code of} factories;
 * read them with the {@code as*} accessors, which throw a
 * {@link dev.polycloud.CloudException} with {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when the
 * type differs (null arguments throw {@link NullPointerException}).
 *
 * <p>Equality is by type and content. Decimals compare numerically ({@code 1.0} equals
 * {@code 1.00}), since not every store keeps the scale of a number; doubles compare like
 * {@link Double#compare}. Nesting is limited to {@value #MAX_DEPTH} levels.
 */
public sealed interface Value permits Value.StringValue, Value.LongValue, Value.DoubleValue, Value.DecimalValue,
        Value.BooleanValue, Value.BytesValue, Value.ListValue, Value.MapValue, Value.NullValue {

    /** The deepest nesting of lists and maps accepted (DynamoDB's limit). */
    int MAX_DEPTH = 32;

    /**
     * The type of this value.
     *
     * @return the type
     */
    ValueType type();

    /**
     * A string value.
     *
     * @param value the string, not null
     * @return the value
     */
    static Value of(String value) {
        return new StringValue(value);
    }

    /**
     * A long value.
     *
     * @param value the number
     * @return the value
     */
    static Value of(long value) {
        return new LongValue(value);
    }

    /**
     * A double value.
     *
     * @param value the number
     * @return the value
     */
    static Value of(double value) {
        return new DoubleValue(value);
    }

    /**
     * A decimal value.
     *
     * @param value the number, not null
     * @return the value
     */
    static Value of(BigDecimal value) {
        return new DecimalValue(value);
    }

    /**
     * A boolean value.
     *
     * @param value the flag
     * @return the value
     */
    static Value of(boolean value) {
        return new BooleanValue(value);
    }

    /**
     * A binary value.
     *
     * @param value the bytes (copied)
     * @return the value
     */
    static Value of(byte[] value) {
        return new BytesValue(value);
    }

    /**
     * A list value.
     *
     * @param values the elements
     * @return the value
     */
    static Value of(List<Value> values) {
        return new ListValue(values);
    }

    /**
     * A map value.
     *
     * @param values the entries
     * @return the value
     */
    static Value of(Map<String, Value> values) {
        return new MapValue(values);
    }

    /**
     * A list value.
     *
     * @param values the elements
     * @return the value
     */
    static Value list(Value... values) {
        return new ListValue(Arrays.asList(values));
    }

    /**
     * The null value.
     *
     * @return the null value
     */
    static Value nullValue() {
        return NullValue.INSTANCE;
    }

    /**
     * Converts a plain Java object: {@code String}, {@code Long}/{@code Integer}/{@code Short}/{@code Byte},
     * {@code Double}/{@code Float}, {@code BigDecimal}, {@code Boolean}, {@code byte[]}, {@code List},
     * {@code Map} with string keys, {@code null} or a {@code Value}.
     *
     * @param object the object
     * @return the value
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for any other
     *                                      type (a {@code Date}, a {@code Set}, a bean, …)
     */
    static Value from(Object object) {
        if (object == null) {
            return NullValue.INSTANCE;
        } else if (object instanceof Value v) {
            return v;
        } else if (object instanceof String s) {
            return of(s);
        } else if (object instanceof Long || object instanceof Integer || object instanceof Short
                || object instanceof Byte) {
            return of(((Number) object).longValue());
        } else if (object instanceof Double || object instanceof Float) {
            return of(((Number) object).doubleValue());
        } else if (object instanceof BigDecimal d) {
            return of(d);
        } else if (object instanceof Boolean b) {
            return of(b.booleanValue());
        } else if (object instanceof byte[] b) {
            return of(b);
        } else if (object instanceof List<?> list) {
            return of(list.stream().map(Value::from).toList());
        } else if (object instanceof Map<?, ?> map) {
            Map<String, Value> m = new LinkedHashMap<>();
            map.forEach((k, v) -> m.put(String.valueOf(k), from(v)));
            return of(m);
        }
        throw dev.polycloud.CloudException.invalidArgument("Cannot convert a " + object.getClass().getName()
                + " to a table value: use String, Long, Integer, Double, BigDecimal, Boolean, byte[], List, Map or"
                + " Value");
    }

    /**
     * This value as a string.
     *
     * @return the string
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when it is not a {@link ValueType#STRING}
     */
    default String asString() {
        return cast(StringValue.class).value();
    }

    /**
     * This value as a long.
     *
     * @return the number
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when it is not a {@link ValueType#LONG}
     */
    default long asLong() {
        return cast(LongValue.class).value();
    }

    /**
     * This value as a double.
     *
     * @return the number
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when it is not a {@link ValueType#DOUBLE}
     */
    default double asDouble() {
        return cast(DoubleValue.class).value();
    }

    /**
     * This value as a decimal.
     *
     * @return the number
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when it is not a {@link ValueType#DECIMAL}
     */
    default BigDecimal asDecimal() {
        return cast(DecimalValue.class).value();
    }

    /**
     * This value as a boolean.
     *
     * @return the flag
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when it is not a {@link ValueType#BOOLEAN}
     */
    default boolean asBoolean() {
        return cast(BooleanValue.class).value();
    }

    /**
     * This value as bytes.
     *
     * @return a copy of the bytes
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when it is not {@link ValueType#BYTES}
     */
    default byte[] asBytes() {
        return cast(BytesValue.class).value();
    }

    /**
     * This value as a list.
     *
     * @return the unmodifiable list
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when it is not a {@link ValueType#LIST}
     */
    default List<Value> asList() {
        return cast(ListValue.class).values();
    }

    /**
     * This value as a map.
     *
     * @return the unmodifiable map
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when it is not a {@link ValueType#MAP}
     */
    default Map<String, Value> asMap() {
        return cast(MapValue.class).values();
    }

    /**
     * Whether this is the null value.
     *
     * @return true for {@link ValueType#NULL}
     */
    default boolean isNull() {
        return this instanceof NullValue;
    }

    /**
     * This value as a plain Java object: the inverse of {@link #from(Object)}.
     *
     * @return a String, Long, Double, BigDecimal, Boolean, byte[], List, Map or null
     */
    default Object toJava() {
        if (this instanceof StringValue v) {
            return v.value();
        } else if (this instanceof LongValue v) {
            return v.value();
        } else if (this instanceof DoubleValue v) {
            return v.value();
        } else if (this instanceof DecimalValue v) {
            return v.value();
        } else if (this instanceof BooleanValue v) {
            return v.value();
        } else if (this instanceof BytesValue v) {
            return v.value();
        } else if (this instanceof ListValue v) {
            return v.values().stream().map(Value::toJava).toList();
        } else if (this instanceof MapValue v) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.values().forEach((k, x) -> m.put(k, x.toJava()));
            return m;
        }
        return null;
    }

    private <T extends Value> T cast(Class<T> type) {
        if (!type.isInstance(this)) {
            throw dev.polycloud.CloudException.invalidArgument("Value is " + type() + ", not "
                + type.getSimpleName().replace("Value", "").toUpperCase(java.util.Locale.ROOT));
        }
        return type.cast(this);
    }

    /**
     * A string value.
     *
     * @param value the string
     */
    record StringValue(String value) implements Value {
        /**
         * Checks the component.
         *
         * @param value see the record description
         * @throws NullPointerException for null
         */
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /**
     * A long value.
     *
     * @param value the number
     */
    record LongValue(long value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.LONG;
        }
    }

    /**
     * A double value.
     *
     * @param value the number
     */
    record DoubleValue(double value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.DOUBLE;
        }
    }

    /**
     * A decimal value; equal to another decimal of the same numeric value whatever the scale.
     *
     * @param value the number
     */
    record DecimalValue(BigDecimal value) implements Value {
        /**
         * Checks the component.
         *
         * @param value see the record description
         * @throws NullPointerException for null
         */
        public DecimalValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public ValueType type() {
            return ValueType.DECIMAL;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DecimalValue d && value.compareTo(d.value) == 0;
        }

        @Override
        public int hashCode() {
            return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
        }
    }

    /**
     * A boolean value.
     *
     * @param value the flag
     */
    record BooleanValue(boolean value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.BOOLEAN;
        }
    }

    /**
     * A binary value.
     *
     * @param value the bytes (copied in and out)
     */
    record BytesValue(byte[] value) implements Value {
        /**
         * Checks the component.
         *
         * @param value see the record description
         * @throws NullPointerException for null
         */
        public BytesValue {
            value = Objects.requireNonNull(value, "value").clone();
        }

        /**
         * The bytes.
         *
         * @return a copy
         */
        @Override
        public byte[] value() {
            return value.clone();
        }

        /**
         * The number of bytes, without copying.
         *
         * @return the length
         */
        public int length() {
            return value.length;
        }

        @Override
        public ValueType type() {
            return ValueType.BYTES;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesValue b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "BytesValue[" + value.length + " bytes]";
        }
    }

    /**
     * A list value.
     *
     * @param values the elements
     */
    record ListValue(List<Value> values) implements Value {
        /**
         * Checks the component.
         *
         * @param values see the record description
         * @throws NullPointerException for a null list or element
         */
        public ListValue {
            values = List.copyOf(values);
        }

        @Override
        public ValueType type() {
            return ValueType.LIST;
        }
    }

    /**
     * A map value.
     *
     * @param values the entries, in insertion order
     */
    record MapValue(Map<String, Value> values) implements Value {
        /**
         * Checks the component.
         *
         * @param values see the record description
         * @throws NullPointerException for a null map, key or value
         */
        public MapValue {
            Map<String, Value> copy = new LinkedHashMap<>();
            values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
            values = Collections.unmodifiableMap(copy);
        }

        @Override
        public ValueType type() {
            return ValueType.MAP;
        }
    }

    /** The null value. */
    record NullValue() implements Value {
        /** The only instance worth using. */
        public static final NullValue INSTANCE = new NullValue();

        @Override
        public ValueType type() {
            return ValueType.NULL;
        }
    }

    /**
     * Orders two key values the way every provider sorts keys: longs numerically, strings by
     * their UTF-8 bytes (unsigned).
     *
     * @param a a string or long value
     * @param b a value of the same type
     * @return negative, zero or positive
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when the types
     *                                      differ or are not key types
     */
    static int compareKeys(Value a, Value b) {
        if (a instanceof LongValue x && b instanceof LongValue y) {
            return Long.compare(x.value(), y.value());
        }
        if (a instanceof StringValue x && b instanceof StringValue y) {
            return Arrays.compareUnsigned(x.value().getBytes(StandardCharsets.UTF_8),
                    y.value().getBytes(StandardCharsets.UTF_8));
        }
        throw dev.polycloud.CloudException.invalidArgument("Cannot compare key values " + a.type() + " and "
                + b.type());
    }
}

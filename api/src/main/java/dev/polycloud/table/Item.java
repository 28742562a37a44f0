package dev.polycloud.table;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table item: named typed attributes (the key attributes included) plus the version the SDK
 * keeps for optimistic concurrency.
 *
 * <p>The version is opaque: it changes on every write and is returned by
 * {@link Table#get(Key)} and by writes; pass it back with {@link WriteCondition#ifVersion(String)}
 * to write only if nobody wrote in between. Attribute names are 1 to 255 characters and must not
 * start with {@value #RESERVED_PREFIX}, which drivers use for their own bookkeeping.
 */
public final class Item {

    /** The attribute-name prefix reserved for Polycloud's drivers. */
    public static final String RESERVED_PREFIX = "_pc";

    private final Map<String, Value> attributes;
    private final String version;

    private Item(Map<String, Value> attributes, String version) {
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.version = version;
    }

    /**
     * An item with these attributes and no version.
     *
     * @param attributes names and values
     * @return the item
     */
    public static Item of(Map<String, Value> attributes) {
        attributes.forEach((k, v) -> {
            Objects.requireNonNull(k, "attribute name");
            Objects.requireNonNull(v, () -> "value of attribute " + k);
        });
        return new Item(attributes, null);
    }

    /**
     * Starts an item.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * All attributes.
     *
     * @return an unmodifiable map in insertion order
     */
    public Map<String, Value> attributes() {
        return attributes;
    }

    /**
     * One attribute.
     *
     * @param name the attribute name
     * @return its value, or empty when absent (an explicit null is present, as {@link Value#nullValue()})
     */
    public Optional<Value> get(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /**
     * A string attribute.
     *
     * @param name the attribute name
     * @return the string, or empty when absent
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when present with another type
     */
    public Optional<String> getString(String name) {
        return get(name).map(Value::asString);
    }

    /**
     * A long attribute.
     *
     * @param name the attribute name
     * @return the number, or empty when absent
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when present with another type
     */
    public Optional<Long> getLong(String name) {
        return get(name).map(Value::asLong);
    }

    /**
     * A decimal attribute.
     *
     * @param name the attribute name
     * @return the number, or empty when absent
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when present with another type
     */
    public Optional<BigDecimal> getDecimal(String name) {
        return get(name).map(Value::asDecimal);
    }

    /**
     * A double attribute.
     *
     * @param name the attribute name
     * @return the value, or empty when absent
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when present with another type
     */
    public Optional<Double> getDouble(String name) {
        return get(name).map(Value::asDouble);
    }

    /**
     * A boolean attribute.
     *
     * @param name the attribute name
     * @return the value, or empty when absent
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when present with another type
     */
    public Optional<Boolean> getBoolean(String name) {
        return get(name).map(Value::asBoolean);
    }

    /**
     * A binary attribute.
     *
     * @param name the attribute name
     * @return the value, or empty when absent
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when present with another type
     */
    public Optional<byte[]> getBytes(String name) {
        return get(name).map(Value::asBytes);
    }

    /**
     * A list attribute.
     *
     * @param name the attribute name
     * @return the value, or empty when absent
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when present with another type
     */
    public Optional<List<Value>> getList(String name) {
        return get(name).map(Value::asList);
    }

    /**
     * A map attribute.
     *
     * @param name the attribute name
     * @return the value, or empty when absent
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when present with another type
     */
    public Optional<Map<String, Value>> getMap(String name) {
        return get(name).map(Value::asMap);
    }

    /**
     * The version the SDK keeps.
     *
     * @return the opaque version, or empty for an item not read from or written to a table
     */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /**
     * A copy with another version (used by the portable layer and drivers).
     *
     * @param newVersion the version, or null for none
     * @return the copy
     */
    public Item withVersion(String newVersion) {
        return new Item(attributes, newVersion);
    }

    /**
     * A builder preset with these attributes (without the version).
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.attributes.putAll(attributes);
        return b;
    }

    /**
     * Converts this item to a Java object with Jackson.
     *
     * @param type the target class
     * @param <T> the target type
     * @return the object
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when Jackson
     *                                      cannot map the attributes onto the type
     */
    public <T> T as(Class<T> type) {
        return Items.toObject(this, type);
    }

    /**
     * Equal when attributes and version are equal.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Item i && attributes.equals(i.attributes) && Objects.equals(version, i.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attributes, version);
    }

    @Override
    public String toString() {
        return "Item" + attributes + (version != null ? "@" + version : "");
    }

    /** Builds an {@link Item}. */
    public static final class Builder {
        private final Map<String, Value> attributes = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets an attribute.
         *
         * @param name the name
         * @param value the value
         * @return this builder
         */
        public Builder put(String name, Value value) {
            attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets an attribute from a plain Java object (see {@link Value#from(Object)}).
         *
         * @param name the name
         * @param value the object
         * @return this builder
         */
        public Builder put(String name, Object value) {
            return put(name, Value.from(value));
        }

        /**
         * Removes an attribute.
         *
         * @param name the name
         * @return this builder
         */
        public Builder remove(String name) {
            attributes.remove(name);
            return this;
        }

        /**
         * Builds the item (without a version).
         *
         * @return the item
         */
        public Item build() {
            return new Item(attributes, null);
        }
    }
}

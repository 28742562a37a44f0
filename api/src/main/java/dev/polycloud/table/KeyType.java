package dev.polycloud.table;

/** The types a partition or sort key can have. */
public enum KeyType {
    /** A non-empty string of at most 1,024 UTF-8 bytes, ordered by its bytes. */
    STRING(ValueType.STRING),
    /** A 64-bit signed integer, ordered numerically. */
    LONG(ValueType.LONG);

    private final ValueType valueType;

    KeyType(ValueType valueType) {
        this.valueType = valueType;
    }

    /**
     * The value type of key values of this type.
     *
     * @return the value type
     */
    public ValueType valueType() {
        return valueType;
    }
}

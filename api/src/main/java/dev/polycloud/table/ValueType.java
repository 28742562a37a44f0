package dev.polycloud.table;

/** The types an item attribute can hold; each round-trips exactly on every provider. */
public enum ValueType {
    /** A UTF-8 string. */
    STRING,
    /** A 64-bit signed integer. */
    LONG,
    /** A 64-bit IEEE 754 floating-point number. */
    DOUBLE,
    /** An arbitrary-precision decimal (at least 38 significant digits on every provider). */
    DECIMAL,
    /** true or false. */
    BOOLEAN,
    /** Binary data. */
    BYTES,
    /** An ordered list of values. */
    LIST,
    /** A map of string names to values. */
    MAP,
    /** An explicit null (distinct from an absent attribute). */
    NULL
}

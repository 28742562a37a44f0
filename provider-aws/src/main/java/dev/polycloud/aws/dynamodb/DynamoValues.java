package dev.polycloud.aws.dynamodb;

import dev.polycloud.table.Item;
import dev.polycloud.table.Value;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Portable values to DynamoDB attribute values and back, exactly.
 *
 * <p>Strings are {@code S} (empty strings included), booleans {@code BOOL}, bytes {@code B}, lists
 * {@code L}, maps {@code M}, null {@code NULL}. All three number types are {@code N}, so the data
 * stays native (queryable, usable in conditions, readable by other tools), and the types are told
 * apart by a type marker, the reserved attribute {@value #TYPES}: it is present only when the item
 * holds a decimal or a double, and mirrors the item's shape down to those values — a map from
 * attribute name (or list index, or map key) to either a nested marker map or a leaf:
 * {@value #DECIMAL_MARK} for a decimal, {@value #DOUBLE_MARK} for a double stored as {@code N}, and
 * {@value #DOUBLE_BITS_MARK} for a double that {@code N} cannot hold (NaN, infinities, -0.0, or a
 * magnitude outside DynamoDB's 1E-130 to 1E+126), stored as {@code B} holding its 8 IEEE 754 bytes.
 * An unmarked {@code N} is a long when it is an integer that fits 64 bits, else a decimal (data
 * written by other tools reads sensibly). Decimals keep up to DynamoDB's 38 significant digits;
 * doubles are written in their shortest round-tripping form, so they read back bit for bit.
 * Native sets ({@code SS}, {@code NS}, {@code BS}), which Polycloud never writes, read back as lists.
 *
 * <p>The version the SDK keeps is the reserved string attribute {@value #VERSION}. An item without
 * one (written by another tool) reads back with the version {@value #UNVERSIONED}, and a write
 * conditioned on that version requires the stored item to still have no version.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class DynamoValues {

    /** The reserved attribute holding the item's version. */
    public static final String VERSION = "_pcv";
    /** The reserved attribute holding the type marker. */
    public static final String TYPES = "_pct";
    /** The version reported for items that have none. */
    public static final String UNVERSIONED = "0";

    static final String DECIMAL_MARK = "d";
    static final String DOUBLE_MARK = "f";
    static final String DOUBLE_BITS_MARK = "x";

    private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1E+126");

    private DynamoValues() {
    }

    /**
     * An encoded value with its type marker.
     *
     * @param value the attribute value
     * @param marker its marker, or null when nothing under it needs one
     */
    record Encoded(AttributeValue value, AttributeValue marker) {
    }

    /**
     * Encodes an item, with its type marker and version.
     *
     * @param item the item
     * @return the DynamoDB item
     */
    public static Map<String, AttributeValue> encodeItem(Item item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        Map<String, AttributeValue> markers = new LinkedHashMap<>();
        item.attributes().forEach((name, v) -> {
            Encoded e = encode(v);
            out.put(name, e.value());
            if (e.marker() != null) {
                markers.put(name, e.marker());
            }
        });
        if (!markers.isEmpty()) {
            out.put(TYPES, AttributeValue.fromM(markers));
        }
        item.version().ifPresent(v -> out.put(VERSION, AttributeValue.fromS(v)));
        return out;
    }

    /**
     * Decodes an item, taking its version out of the reserved attribute.
     *
     * @param stored the DynamoDB item
     * @return the item with its version
     */
    public static Item decodeItem(Map<String, AttributeValue> stored) {
        AttributeValue types = stored.get(TYPES);
        Map<String, AttributeValue> markers = types != null && types.hasM() ? types.m() : Map.of();
        Map<String, Value> attributes = new LinkedHashMap<>();
        stored.forEach((name, v) -> {
            if (!name.equals(TYPES) && !name.equals(VERSION)) {
                attributes.put(name, decode(v, markers.get(name)));
            }
        });
        AttributeValue version = stored.get(VERSION);
        return Item.of(attributes).withVersion(version != null && version.s() != null ? version.s() : UNVERSIONED);
    }

    /**
     * Encodes one value.
     *
     * @param value the value
     * @return the attribute value and its marker
     */
    static Encoded encode(Value value) {
        if (value instanceof Value.StringValue s) {
            return new Encoded(AttributeValue.fromS(s.value()), null);
        } else if (value instanceof Value.LongValue l) {
            return new Encoded(AttributeValue.fromN(Long.toString(l.value())), null);
        } else if (value instanceof Value.DecimalValue d) {
            return new Encoded(AttributeValue.fromN(number(d.value())), mark(DECIMAL_MARK));
        } else if (value instanceof Value.DoubleValue d) {
            return encodeDouble(d.value());
        } else if (value instanceof Value.BooleanValue b) {
            return new Encoded(AttributeValue.fromBool(b.value()), null);
        } else if (value instanceof Value.BytesValue b) {
            return new Encoded(AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(b.value())), null);
        } else if (value instanceof Value.ListValue l) {
            List<AttributeValue> values = new ArrayList<>(l.values().size());
            Map<String, AttributeValue> markers = new LinkedHashMap<>();
            for (int i = 0; i < l.values().size(); i++) {
                Encoded e = encode(l.values().get(i));
                values.add(e.value());
                if (e.marker() != null) {
                    markers.put(Integer.toString(i), e.marker());
                }
            }
            return new Encoded(AttributeValue.fromL(values), markers.isEmpty() ? null : AttributeValue.fromM(markers));
        } else if (value instanceof Value.MapValue m) {
            Map<String, AttributeValue> values = new LinkedHashMap<>();
            Map<String, AttributeValue> markers = new LinkedHashMap<>();
            m.values().forEach((k, v) -> {
                Encoded e = encode(v);
                values.put(k, e.value());
                if (e.marker() != null) {
                    markers.put(k, e.marker());
                }
            });
            return new Encoded(AttributeValue.fromM(values), markers.isEmpty() ? null : AttributeValue.fromM(markers));
        }
        return new Encoded(AttributeValue.fromNul(true), null);
    }

    private static Encoded encodeDouble(double d) {
        if (fitsNumber(d)) {
            return new Encoded(AttributeValue.fromN(new BigDecimal(Double.toString(d)).toString()), mark(DOUBLE_MARK));
        }
        byte[] bits = ByteBuffer.allocate(Double.BYTES).putLong(Double.doubleToRawLongBits(d)).array();
        return new Encoded(AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(bits)), mark(DOUBLE_BITS_MARK));
    }

    /**
     * Whether DynamoDB's {@code N} holds the double exactly (its shortest decimal form has at most
     * 17 digits, well within 38).
     *
     * @param d the double
     * @return true for +0.0 and finite values of magnitude 1E-130 to below 1E+126
     */
    static boolean fitsNumber(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return false;
        }
        if (d == 0.0) {
            return Double.doubleToRawLongBits(d) == 0L;
        }
        BigDecimal abs = new BigDecimal(Double.toString(d)).abs();
        return abs.compareTo(MIN_MAGNITUDE) >= 0 && abs.compareTo(MAX_MAGNITUDE) < 0;
    }

    /**
     * The {@code N} text of a decimal: zero as {@code 0}, everything else as {@link BigDecimal#toString()}.
     *
     * @param d the decimal
     * @return the text
     */
    static String number(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.toString();
    }

    /**
     * Decodes one value.
     *
     * @param v the attribute value
     * @param marker its marker, or null
     * @return the portable value
     */
    static Value decode(AttributeValue v, AttributeValue marker) {
        String leaf = marker != null ? marker.s() : null;
        Map<String, AttributeValue> children = marker != null && marker.hasM() ? marker.m() : Map.of();
        switch (v.type()) {
            case S:
                return Value.of(v.s());
            case N:
                if (DECIMAL_MARK.equals(leaf)) {
                    return Value.of(new BigDecimal(v.n()));
                }
                if (DOUBLE_MARK.equals(leaf)) {
                    return Value.of(Double.parseDouble(v.n()));
                }
                return number(v.n());
            case B:
                byte[] bytes = v.b().asByteArray();
                if (DOUBLE_BITS_MARK.equals(leaf) && bytes.length == Double.BYTES) {
                    return Value.of(Double.longBitsToDouble(ByteBuffer.wrap(bytes).getLong()));
                }
                return Value.of(bytes);
            case BOOL:
                return Value.of(v.bool());
            case NUL:
                return Value.nullValue();
            case L: {
                List<Value> values = new ArrayList<>(v.l().size());
                for (int i = 0; i < v.l().size(); i++) {
                    values.add(decode(v.l().get(i), children.get(Integer.toString(i))));
                }
                return Value.of(values);
            }
            case M: {
                Map<String, Value> values = new LinkedHashMap<>();
                v.m().forEach((k, x) -> values.put(k, decode(x, children.get(k))));
                return Value.of(values);
            }
            case SS:
                return Value.of(v.ss().stream().map(Value::of).toList());
            case NS:
                return Value.of(v.ns().stream().map(DynamoValues::number).toList());
            case BS:
                return Value.of(v.bs().stream().map(b -> Value.of(b.asByteArray())).toList());
            default:
                throw new IllegalArgumentException("Unsupported DynamoDB attribute value " + v);
        }
    }

    private static Value number(String n) {
        try {
            return Value.of(Long.parseLong(n));
        } catch (NumberFormatException e) {
            BigDecimal d = new BigDecimal(n);
            try {
                if (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
                    return Value.of(d.longValueExact());
                }
            } catch (ArithmeticException tooBig) {
                // falls through: a decimal
            }
            return Value.of(d);
        }
    }

    /**
     * A key value: {@code S} for strings, {@code N} for longs.
     *
     * @param value a string or long value
     * @return the attribute value
     */
    static AttributeValue key(Value value) {
        return encode(value).value();
    }

    private static AttributeValue mark(String leaf) {
        return AttributeValue.fromS(leaf);
    }
}

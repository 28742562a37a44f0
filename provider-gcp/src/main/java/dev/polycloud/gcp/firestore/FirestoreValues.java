package dev.polycloud.gcp.firestore;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.GeoPoint;
import dev.polycloud.table.Item;
import dev.polycloud.table.Value;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How portable values are stored in Firestore documents, exactly and reversibly.
 *
 * <table>
 *   <caption>Portable value to Firestore value</caption>
 *   <tr><th>portable</th><th>Firestore</th></tr>
 *   <tr><td>STRING</td><td>string</td></tr>
 *   <tr><td>LONG</td><td>integer (64-bit)</td></tr>
 *   <tr><td>DOUBLE</td><td>double (NaN, infinities and -0.0 included)</td></tr>
 *   <tr><td>DECIMAL</td><td>map {@code {"_pcd": "<BigDecimal.toString()>"}}: Firestore has no decimal, and a
 *       double would round</td></tr>
 *   <tr><td>BOOLEAN</td><td>boolean</td></tr>
 *   <tr><td>BYTES</td><td>bytes (Blob)</td></tr>
 *   <tr><td>NULL</td><td>null</td></tr>
 *   <tr><td>LIST</td><td>array; a list directly inside a list becomes {@code {"_pcl": [...]}}, since Firestore
 *       forbids arrays in arrays</td></tr>
 *   <tr><td>MAP</td><td>map</td></tr>
 * </table>
 *
 * <p>Field names: a name that is empty, matches Firestore's reserved {@code __.*__}, or starts with
 * the reserved prefix {@code _pc} (possible inside maps) is stored as {@code _pc~NAME}; every other
 * name is stored as it is. Names starting with {@code _pc} and not {@code _pc~} are therefore
 * always the driver's: the version {@value #VERSION_FIELD} at the top level, and the one-key maps
 * above. An attribute nested deeper than Firestore's 20 levels is stored packed, as
 * {@code {"_pcz": <bytes>}} in a compact binary form of the value.
 */
final class FirestoreValues {

    /** The field holding the item's version. */
    static final String VERSION_FIELD = "_pcv";
    /** The one key of an encoded decimal. */
    static final String DECIMAL = "_pcd";
    /** The one key of a list nested in a list. */
    static final String NESTED_LIST = "_pcl";
    /** The one key of a packed value. */
    static final String PACKED = "_pcz";
    /** The prefix of escaped field names. */
    static final String ESCAPE = "_pc~";
    /** Firestore's deepest nesting of maps and arrays in one field. */
    static final int MAX_DEPTH = 20;

    private static final Pattern RESERVED = Pattern.compile("__.*__", Pattern.DOTALL);

    private FirestoreValues() {
    }

    /**
     * The stored name of a field.
     *
     * @param name the portable attribute or map key
     * @return the Firestore field name
     */
    static String fieldName(String name) {
        if (name.isEmpty() || name.startsWith(Item.RESERVED_PREFIX) || RESERVED.matcher(name).matches()) {
            return ESCAPE + name;
        }
        return name;
    }

    /**
     * The portable name of a stored field.
     *
     * @param stored the Firestore field name
     * @return the portable name
     */
    static String portableName(String stored) {
        return stored.startsWith(ESCAPE) ? stored.substring(ESCAPE.length()) : stored;
    }

    /**
     * The document of an item.
     *
     * @param item the item, carrying its version
     * @param version the version to store
     * @return the document fields
     */
    static Map<String, Object> encodeItem(Item item, String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        item.attributes().forEach((k, v) -> doc.put(fieldName(k), encodeField(v)));
        doc.put(VERSION_FIELD, version);
        return doc;
    }

    /**
     * The item of a document.
     *
     * @param data the document fields
     * @return the item with its version
     */
    static Item decodeItem(Map<String, Object> data) {
        Map<String, Value> attributes = new LinkedHashMap<>();
        String version = null;
        for (Map.Entry<String, Object> e : data.entrySet()) {
            String name = e.getKey();
            if (name.equals(VERSION_FIELD)) {
                version = String.valueOf(e.getValue());
            } else if (!name.startsWith(Item.RESERVED_PREFIX) || name.startsWith(ESCAPE)) {
                attributes.put(portableName(name), decode(e.getValue()));
            }
        }
        Item item = Item.of(attributes);
        return version == null ? item : item.withVersion(version);
    }

    /**
     * The stored value of one top-level field, packed when it would nest too deep.
     *
     * @param value the value
     * @return the Firestore value
     */
    static Object encodeField(Value value) {
        Object encoded = encode(value);
        if (depth(encoded) > MAX_DEPTH) {
            Map<String, Object> packed = new LinkedHashMap<>();
            packed.put(PACKED, Blob.fromBytes(pack(value)));
            return packed;
        }
        return encoded;
    }

    /**
     * The Firestore value of a portable value.
     *
     * @param value the value
     * @return a String, Long, Double, Boolean, Blob, List, Map or null
     */
    static Object encode(Value value) {
        if (value instanceof Value.StringValue s) {
            return s.value();
        } else if (value instanceof Value.LongValue l) {
            return l.value();
        } else if (value instanceof Value.DoubleValue d) {
            return d.value();
        } else if (value instanceof Value.DecimalValue d) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(DECIMAL, d.value().toString());
            return m;
        } else if (value instanceof Value.BooleanValue b) {
            return b.value();
        } else if (value instanceof Value.BytesValue b) {
            return Blob.fromBytes(b.value());
        } else if (value instanceof Value.ListValue l) {
            List<Object> list = new ArrayList<>(l.values().size());
            for (Value v : l.values()) {
                Object e = encode(v);
                if (v instanceof Value.ListValue) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put(NESTED_LIST, e);
                    e = m;
                }
                list.add(e);
            }
            return list;
        } else if (value instanceof Value.MapValue m) {
            Map<String, Object> map = new LinkedHashMap<>();
            m.values().forEach((k, v) -> map.put(fieldName(k), encode(v)));
            return map;
        }
        return null;
    }

    /**
     * The portable value of a Firestore value. Types Polycloud never writes (timestamps, geo
     * points, references written by other tools) are read as strings and maps.
     *
     * @param o the value as the Firestore client returns it
     * @return the portable value
     */
    @SuppressWarnings("unchecked")
    static Value decode(Object o) {
        if (o == null) {
            return Value.nullValue();
        } else if (o instanceof String s) {
            return Value.of(s);
        } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return Value.of(((Number) o).longValue());
        } else if (o instanceof Double || o instanceof Float) {
            return Value.of(((Number) o).doubleValue());
        } else if (o instanceof Boolean b) {
            return Value.of(b.booleanValue());
        } else if (o instanceof Blob b) {
            return Value.of(b.toBytes());
        } else if (o instanceof List<?> list) {
            List<Value> values = new ArrayList<>(list.size());
            for (Object e : list) {
                values.add(decode(e));
            }
            return Value.of(values);
        } else if (o instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            if (map.size() == 1) {
                Map.Entry<String, Object> only = map.entrySet().iterator().next();
                switch (only.getKey()) {
                    case DECIMAL:
                        return Value.of(new BigDecimal(String.valueOf(only.getValue())));
                    case NESTED_LIST:
                        return decode(only.getValue());
                    case PACKED:
                        return unpack(((Blob) only.getValue()).toBytes());
                    default:
                        break;
                }
            }
            Map<String, Value> values = new LinkedHashMap<>();
            map.forEach((k, v) -> values.put(portableName(k), decode(v)));
            return Value.of(values);
        } else if (o instanceof Timestamp t) {
            return Value.of(t.toString());
        } else if (o instanceof GeoPoint g) {
            Map<String, Value> values = new LinkedHashMap<>();
            values.put("latitude", Value.of(g.getLatitude()));
            values.put("longitude", Value.of(g.getLongitude()));
            return Value.of(values);
        } else if (o instanceof DocumentReference r) {
            return Value.of(r.getPath());
        }
        return Value.of(String.valueOf(o));
    }

    /**
     * How many maps and arrays nest in an encoded value (0 for a scalar).
     *
     * @param o an encoded value
     * @return the depth
     */
    static int depth(Object o) {
        int inner = 0;
        if (o instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                inner = Math.max(inner, depth(v));
            }
            return 1 + inner;
        } else if (o instanceof List<?> l) {
            for (Object v : l) {
                inner = Math.max(inner, depth(v));
            }
            return 1 + inner;
        }
        return 0;
    }

    // ---------------------------------------------------------------- packed form

    private static final int T_NULL = 0;
    private static final int T_STRING = 1;
    private static final int T_LONG = 2;
    private static final int T_DOUBLE = 3;
    private static final int T_DECIMAL = 4;
    private static final int T_TRUE = 5;
    private static final int T_FALSE = 6;
    private static final int T_BYTES = 7;
    private static final int T_LIST = 8;
    private static final int T_MAP = 9;
    private static final int PACK_VERSION = 1;

    /**
     * A compact binary form of a value (for values nested deeper than Firestore allows).
     *
     * @param value the value
     * @return the bytes
     */
    static byte[] pack(Value value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PACK_VERSION);
            write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads the binary form written by {@link #pack}.
     *
     * @param packed the bytes
     * @return the value
     */
    static Value unpack(byte[] packed) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed))) {
            int version = in.readUnsignedByte();
            if (version != PACK_VERSION) {
                throw new IllegalStateException("Unknown packed value version " + version);
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(DataOutputStream out, Value value) throws IOException {
        if (value instanceof Value.StringValue s) {
            out.writeByte(T_STRING);
            writeString(out, s.value());
        } else if (value instanceof Value.LongValue l) {
            out.writeByte(T_LONG);
            out.writeLong(l.value());
        } else if (value instanceof Value.DoubleValue d) {
            out.writeByte(T_DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(d.value()));
        } else if (value instanceof Value.DecimalValue d) {
            out.writeByte(T_DECIMAL);
            writeString(out, d.value().toString());
        } else if (value instanceof Value.BooleanValue b) {
            out.writeByte(b.value() ? T_TRUE : T_FALSE);
        } else if (value instanceof Value.BytesValue b) {
            out.writeByte(T_BYTES);
            byte[] data = b.value();
            out.writeInt(data.length);
            out.write(data);
        } else if (value instanceof Value.ListValue l) {
            out.writeByte(T_LIST);
            out.writeInt(l.values().size());
            for (Value v : l.values()) {
                write(out, v);
            }
        } else if (value instanceof Value.MapValue m) {
            out.writeByte(T_MAP);
            out.writeInt(m.values().size());
            for (Map.Entry<String, Value> e : m.values().entrySet()) {
                writeString(out, e.getKey());
                write(out, e.getValue());
            }
        } else {
            out.writeByte(T_NULL);
        }
    }

    private static Value read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case T_NULL:
                return Value.nullValue();
            case T_STRING:
                return Value.of(readString(in));
            case T_LONG:
                return Value.of(in.readLong());
            case T_DOUBLE:
                return Value.of(Double.longBitsToDouble(in.readLong()));
            case T_DECIMAL:
                return Value.of(new BigDecimal(readString(in)));
            case T_TRUE:
                return Value.of(true);
            case T_FALSE:
                return Value.of(false);
            case T_BYTES: {
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                return Value.of(data);
            }
            case T_LIST: {
                int n = in.readInt();
                List<Value> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(read(in));
                }
                return Value.of(values);
            }
            case T_MAP: {
                int n = in.readInt();
                Map<String, Value> values = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String k = readString(in);
                    values.put(k, read(in));
                }
                return Value.of(values);
            }
            default:
                throw new IllegalStateException("Unknown packed value tag " + tag);
        }
    }

    /** Strings as UTF-16 code units, so that even unpaired surrogates survive. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeInt(s.length());
        out.writeChars(s);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            chars[i] = in.readChar();
        }
        return new String(chars);
    }

    /**
     * The version stored in a document.
     *
     * @param data the document fields
     * @return the version, if any
     */
    static Optional<String> version(Map<String, Object> data) {
        Object v = data == null ? null : data.get(VERSION_FIELD);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    /** UTF-8 length, for request budgets. */
    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

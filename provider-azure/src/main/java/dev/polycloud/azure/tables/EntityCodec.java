package dev.polycloud.azure.tables;

import dev.polycloud.azure.internal.AzureCapabilities;
import dev.polycloud.azure.internal.AzureErrors;

import com.azure.data.tables.models.TableEntity;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.table.Item;
import dev.polycloud.table.Value;
import java.io.ByteArrayOutputStream;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Maps portable items to Table Storage entities and back.
 *
 * <p>An attribute is stored as a <em>native property</em> of the same name when Table Storage can
 * hold it exactly: the name is a C# identifier that is not a system property, and the value is a
 * string (up to 32,768 UTF-16 code units, without control characters other than tab, CR and LF),
 * a long ({@code Edm.Int64}), a finite double other than -0.0 ({@code Edm.Double}, annotated so an
 * integral value keeps its type), a boolean or bytes (up to 64 KiB). Everything else goes into the
 * <em>overflow document</em> ({@link ValueCodec}), split into binary properties
 * {@code _pcx0}, {@code _pcx1}, ... of at most 64 KiB each. The version the SDK keeps is the
 * string property {@code _pcv}.
 *
 * <p>Sizes: Table Storage allows 252 custom properties and 1 MiB per entity (strings count two
 * bytes per UTF-16 code unit; Azurite counts the JSON request body, binaries in base64). When the
 * native layout would not fit comfortably, every attribute goes to the overflow document instead,
 * whose size is bounded by twice the portable item size; that bound is why
 * {@link AzureCapabilities#MAX_ITEM_BYTES} is 384,000 bytes.
 */
final class EntityCodec {

    /** The property holding the item version. */
    static final String VERSION = "_pcv";
    /** The prefix of the overflow chunk properties. */
    static final String OVERFLOW = "_pcx";
    /** The most bytes in one binary property. */
    static final int CHUNK_BYTES = 64 * 1024;
    /** The most UTF-16 code units of a native string property. */
    static final int MAX_NATIVE_STRING = 32 * 1024;
    /** Native properties at most; the rest of Table Storage's 252 is left for chunks and bookkeeping. */
    static final int MAX_NATIVE_PROPERTIES = 200;
    /** The size budget for an entity, under Table Storage's 1 MiB with room for keys and annotations. */
    static final int BUDGET = 1_040_000;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final Set<String> SYSTEM = Set.of("partitionkey", "rowkey", "timestamp", "etag");
    private static final String TYPE_SUFFIX = "@odata.type";

    private EntityCodec() {
    }

    /**
     * An encoded entity and its estimated request size.
     *
     * @param entity the entity
     * @param requestBytes an upper estimate of its JSON size (for transaction payload limits)
     */
    record Encoded(TableEntity entity, long requestBytes) {
    }

    /**
     * Encodes an item under the given keys.
     *
     * @param item the item (its version, if any, is stored)
     * @param partitionKey the encoded partition key
     * @param rowKey the encoded row key
     * @return the entity
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} when even the overflow layout is over the entity limit
     */
    static Encoded encode(Item item, String partitionKey, String rowKey) {
        Map<String, Value> natives = new LinkedHashMap<>();
        Map<String, Value> overflow = new LinkedHashMap<>();
        Set<String> lowerNames = new HashSet<>();
        for (Map.Entry<String, Value> e : item.attributes().entrySet()) {
            String name = e.getKey();
            if (natives.size() < MAX_NATIVE_PROPERTIES && nativeName(name) && nativeValue(e.getValue())
                    && lowerNames.add(name.toLowerCase(Locale.ROOT))) {
                natives.put(name, e.getValue());
            } else {
                overflow.put(name, e.getValue());
            }
        }
        long keyBytes = 16L + 2L * (partitionKey.length() + rowKey.length()) + 4L * (partitionKey.length()
                + rowKey.length());
        long versionBytes = item.version().map(v -> 40L + 4L * v.length()).orElse(0L);
        long fixed = keyBytes + versionBytes;

        byte[] document = overflow.isEmpty() ? new byte[0] : ValueCodec.encode(overflow);
        long nativeStorage = 0;
        long nativeJson = 0;
        for (Map.Entry<String, Value> e : natives.entrySet()) {
            nativeStorage += storageSize(e.getKey(), e.getValue());
            nativeJson += jsonSize(e.getKey(), e.getValue());
        }
        long storage = fixed + nativeStorage + chunkStorage(document.length);
        long json = fixed + nativeJson + chunkJson(document.length);
        if ((storage > BUDGET || json > BUDGET) && !natives.isEmpty()) {
            // The native layout does not fit: put everything in the overflow document.
            natives.clear();
            document = ValueCodec.encode(item.attributes());
            storage = fixed + chunkStorage(document.length);
            json = fixed + chunkJson(document.length);
        }
        if (storage > BUDGET || json > BUDGET) {
            throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Item encodes to about " + Math.max(storage, json)
                    + " bytes, over Azure Table Storage's 1 MiB entity limit (decimals with very many digits"
                    + " count more on Azure than the portable size)", AzureErrors.PROVIDER, null, null);
        }

        TableEntity entity = new TableEntity(partitionKey, rowKey);
        Map<String, Object> properties = entity.getProperties();
        natives.forEach((name, value) -> {
            properties.put(name, toNative(value));
            if (value instanceof Value.DoubleValue) {
                properties.put(name + TYPE_SUFFIX, "Edm.Double");
            }
        });
        item.version().ifPresent(v -> properties.put(VERSION, v));
        for (int i = 0, off = 0; off < document.length; i++, off += CHUNK_BYTES) {
            properties.put(OVERFLOW + i, java.util.Arrays.copyOfRange(document, off,
                    Math.min(document.length, off + CHUNK_BYTES)));
        }
        return new Encoded(entity, json + 200);
    }

    /**
     * Decodes an entity written by {@link #encode}; properties written by other tools are read too
     * (Int32 as long, DateTime and GUID as strings).
     *
     * @param entity the entity
     * @return the item with its version ({@code _pcv}, else the ETag)
     */
    static Item decode(TableEntity entity) {
        Map<String, Value> attributes = new LinkedHashMap<>();
        TreeMap<Integer, byte[]> chunks = new TreeMap<>();
        String version = null;
        for (Map.Entry<String, Object> e : entity.getProperties().entrySet()) {
            String name = e.getKey();
            Object raw = e.getValue();
            if (raw == null || name.startsWith("odata.") || name.contains("@odata.") || isSystemProperty(name)) {
                continue;
            }
            if (name.equals(VERSION)) {
                version = raw.toString();
            } else if (name.startsWith(OVERFLOW) && raw instanceof byte[] b && isDigits(name.substring(OVERFLOW.length()))) {
                chunks.put(Integer.parseInt(name.substring(OVERFLOW.length())), b);
            } else if (!name.startsWith(Item.RESERVED_PREFIX)) {
                attributes.put(name, fromNative(raw));
            }
        }
        if (!chunks.isEmpty()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int expected = 0;
            for (Map.Entry<Integer, byte[]> c : chunks.entrySet()) {
                if (c.getKey() != expected++) {
                    throw new CloudException(ErrorCode.INTERNAL, "Entity " + entity.getRowKey()
                            + " misses overflow chunk " + (expected - 1), AzureErrors.PROVIDER, null, null);
                }
                all.writeBytes(c.getValue());
            }
            try {
                attributes.putAll(ValueCodec.decode(all.toByteArray()));
            } catch (IllegalArgumentException ex) {
                throw new CloudException(ErrorCode.INTERNAL, "Entity has a corrupt overflow document: "
                        + ex.getMessage(), AzureErrors.PROVIDER, null, ex);
            }
        }
        if (version == null) {
            version = entity.getETag();
        }
        return Item.of(attributes).withVersion(version);
    }

    /**
     * Whether an attribute name can be a native property name.
     *
     * @param name the attribute name
     * @return true for a C# identifier that is not a system or reserved name
     */
    static boolean nativeName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return IDENTIFIER.matcher(name).matches() && !SYSTEM.contains(lower) && !lower.startsWith("odata")
                && !lower.startsWith("_pc");
    }

    /**
     * Whether a value can be stored exactly as a native property.
     *
     * @param value the value
     * @return true for the native cases described on the class
     */
    static boolean nativeValue(Value value) {
        if (value instanceof Value.StringValue s) {
            return s.value().length() <= MAX_NATIVE_STRING && cleanText(s.value());
        }
        if (value instanceof Value.DoubleValue d) {
            return Double.isFinite(d.value()) && Double.doubleToRawLongBits(d.value()) != Long.MIN_VALUE;
        }
        if (value instanceof Value.BytesValue b) {
            return b.length() <= CHUNK_BYTES;
        }
        return value instanceof Value.LongValue || value instanceof Value.BooleanValue;
    }

    private static boolean cleanText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '\uFFFE' || c == '\uFFFF') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static Object toNative(Value value) {
        return switch (value.type()) {
            case STRING, LONG, DOUBLE, BOOLEAN, BYTES -> value.toJava();
            default -> throw new IllegalArgumentException("Not a native value: " + value.type());
        };
    }

    private static Value fromNative(Object raw) {
        if (raw instanceof String s) {
            return Value.of(s);
        } else if (raw instanceof Long l) {
            return Value.of(l.longValue());
        } else if (raw instanceof Integer i) {
            return Value.of(i.longValue());
        } else if (raw instanceof Double d) {
            return Value.of(d.doubleValue());
        } else if (raw instanceof Boolean b) {
            return Value.of(b.booleanValue());
        } else if (raw instanceof byte[] b) {
            return Value.of(b);
        } else if (raw instanceof OffsetDateTime t) {
            return Value.of(t.toString());
        } else if (raw instanceof UUID u) {
            return Value.of(u.toString());
        }
        return Value.of(raw.toString());
    }

    private static boolean isSystemProperty(String name) {
        return name.equals("PartitionKey") || name.equals("RowKey") || name.equals("Timestamp");
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Table Storage's size of a native property: 8 + 2 per name code unit + the value's size. */
    private static long storageSize(String name, Value value) {
        long v;
        if (value instanceof Value.StringValue s) {
            v = 4L + 2L * s.value().length();
        } else if (value instanceof Value.BytesValue b) {
            v = 4L + b.length();
        } else if (value instanceof Value.BooleanValue) {
            v = 1;
        } else {
            v = 8;
        }
        return 8L + 2L * name.length() + v;
    }

    /** An upper estimate of a native property's JSON size (Azurite's measure), annotations included. */
    private static long jsonSize(String name, Value value) {
        long v;
        if (value instanceof Value.StringValue s) {
            v = 2L + 6L * s.value().length();
        } else if (value instanceof Value.BytesValue b) {
            v = 4L * ((b.length() + 2) / 3) + 2 + 40;
        } else if (value instanceof Value.BooleanValue) {
            v = 5;
        } else {
            v = 32 + 40;
        }
        return 6L + name.length() + 2L * name.length() + v;
    }

    private static long chunkStorage(int documentBytes) {
        int chunks = (documentBytes + CHUNK_BYTES - 1) / CHUNK_BYTES;
        return documentBytes + chunks * (8L + 2 * 8 + 4);
    }

    private static long chunkJson(int documentBytes) {
        int chunks = (documentBytes + CHUNK_BYTES - 1) / CHUNK_BYTES;
        return 4L * ((documentBytes + 2L) / 3) + chunks * 64L;
    }
}

package dev.polycloud.table;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The portable size of an item, computed the same way for every provider so that the
 * {@code maxItemBytes} limit means the same everywhere. It follows DynamoDB's rules: UTF-8
 * bytes of names and strings, raw bytes of binaries, 21 bytes for a number, 1 for a boolean or
 * null, 3 bytes of overhead per list or map plus one byte per element.
 */
public final class ItemSize {

    private static final int NUMBER_BYTES = 21;

    private ItemSize() {
    }

    /**
     * The size of an item's attributes (the version is not counted).
     *
     * @param item the item
     * @return the size in bytes
     */
    public static long of(Item item) {
        return ofAttributes(item.attributes());
    }

    private static long ofAttributes(Map<String, Value> attributes) {
        long size = 0;
        for (Map.Entry<String, Value> e : attributes.entrySet()) {
            size += utf8(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    /**
     * The size of one value.
     *
     * @param value the value
     * @return the size in bytes
     */
    public static long of(Value value) {
        if (value instanceof Value.StringValue s) {
            return utf8(s.value());
        } else if (value instanceof Value.BytesValue b) {
            return b.length();
        } else if (value instanceof Value.LongValue || value instanceof Value.DoubleValue
                || value instanceof Value.DecimalValue) {
            return NUMBER_BYTES;
        } else if (value instanceof Value.ListValue l) {
            long size = 3;
            for (Value v : l.values()) {
                size += 1 + of(v);
            }
            return size;
        } else if (value instanceof Value.MapValue m) {
            return 3 + m.values().size() + ofAttributes(m.values());
        }
        return 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

package dev.polycloud.table;

import dev.polycloud.CloudException;
import java.util.Map;

/** Checks item attribute names, nesting and size before any network call. */
final class ItemValidator {

    static final int MAX_NAME_LENGTH = 255;

    private ItemValidator() {
    }

    static String attributeName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw CloudException.invalidArgument("Attribute name must be 1 to " + MAX_NAME_LENGTH
                    + " characters (found " + (name == null ? "null" : name.length() + " characters") + ")");
        }
        dev.polycloud.internal.Utf16.check("Attribute name '" + name + "'", name);
        if (name.startsWith(Item.RESERVED_PREFIX)) {
            throw CloudException.invalidArgument("Attribute name '" + name + "' must not start with the reserved prefix '"
                    + Item.RESERVED_PREFIX + "'");
        }
        return name;
    }

    /** The checks that need no schema, so they run before any network call. */
    static void validateContent(Item item, int maxItemBytes) {
        for (Map.Entry<String, Value> e : item.attributes().entrySet()) {
            attributeName(e.getKey());
            checkDepth(e.getKey(), e.getValue(), 1);
            checkStrings(e.getKey(), e.getValue());
        }
        long size = ItemSize.of(item);
        if (size > maxItemBytes) {
            throw CloudException.invalidArgument("Item is " + size + " bytes, over the provider's maxItemBytes of "
                    + maxItemBytes);
        }
    }

    /** Refuses unpaired surrogates in string values and map keys, naming the path of the bad string. */
    private static void checkStrings(String path, Value value) {
        if (value instanceof Value.StringValue sv) {
            dev.polycloud.internal.Utf16.check("The string at attribute path " + path, sv.value());
        } else if (value instanceof Value.ListValue l) {
            for (int i = 0; i < l.values().size(); i++) {
                checkStrings(path + "[" + i + "]", l.values().get(i));
            }
        } else if (value instanceof Value.MapValue m) {
            m.values().forEach((k, v) -> {
                dev.polycloud.internal.Utf16.check("The map key at attribute path " + path + "." + k, k);
                checkStrings(path + "." + k, v);
            });
        }
    }

    private static void checkDepth(String name, Value value, int depth) {
        if (depth > Value.MAX_DEPTH) {
            throw CloudException.invalidArgument("Attribute '" + name + "' nests deeper than " + Value.MAX_DEPTH
                    + " levels");
        }
        if (value instanceof Value.ListValue l) {
            l.values().forEach(v -> checkDepth(name, v, depth + 1));
        } else if (value instanceof Value.MapValue m) {
            m.values().values().forEach(v -> checkDepth(name, v, depth + 1));
        }
    }
}

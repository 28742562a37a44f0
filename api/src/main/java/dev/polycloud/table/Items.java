package dev.polycloud.table;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.polycloud.function.PayloadCodec;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts between table items and plain Java objects (POJOs, records) with Jackson.
 *
 * <p>JSON strings become {@link ValueType#STRING}, integers {@link ValueType#LONG} (or
 * {@link ValueType#DECIMAL} beyond 64 bits), floating-point numbers {@link ValueType#DOUBLE},
 * {@code BigDecimal} fields {@link ValueType#DECIMAL}, {@code byte[]} fields
 * {@link ValueType#BYTES}, arrays and objects lists and maps. {@code BigDecimal} keeps its scale
 * ({@code 13.50} reads back as {@code 13.50}); {@code null} fields of objects are left out rather
 * than stored as NULL attributes (nulls inside lists stay). Without a mapper argument the SDK's
 * shared configuration ({@link PayloadCodec#mapper()}) is used. Thread-safe.
 */
public final class Items {

    /** Reads the token stream of any mapper into a tree without touching decimals' scale. */
    private static final ObjectReader TREES = PayloadCodec.mapper().reader()
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    private Items() {
    }

    /**
     * Converts an object to an item.
     *
     * @param object a POJO or record that Jackson serializes to a JSON object
     * @return the item
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when the object does not serialize to a JSON object
     */
    public static Item fromObject(Object object) {
        return fromObject(object, PayloadCodec.mapper());
    }

    /**
     * Converts an object to an item with the given mapper.
     *
     * @param object a POJO or record that the mapper serializes to a JSON object
     * @param mapper the mapper
     * @return the item
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when the object does not serialize to a JSON object
     */
    public static Item fromObject(Object object, ObjectMapper mapper) {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(mapper, "mapper");
        JsonNode tree;
        try (TokenBuffer buffer = new TokenBuffer(mapper, false)) {
            mapper.writeValue(buffer, object);
            try (JsonParser parser = buffer.asParser()) {
                tree = TREES.readTree(parser);
            }
        } catch (IOException e) {
            throw new dev.polycloud.CloudException(dev.polycloud.ErrorCode.INVALID_ARGUMENT, "Cannot convert "
                    + object.getClass().getName() + " to an item: " + e.getMessage(), null, null, e);
        }
        if (!(tree instanceof ObjectNode)) {
            throw dev.polycloud.CloudException.invalidArgument("Only objects that serialize to a JSON object become items");
        }
        return Item.of(convert(tree, true).asMap());
    }

    /**
     * Converts an item to an object.
     *
     * @param item the item
     * @param type the target class
     * @param <T> the target type
     * @return the object
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when Jackson cannot map the attributes onto the type
     */
    public static <T> T toObject(Item item, Class<T> type) {
        return toObject(item, type, PayloadCodec.mapper());
    }

    /**
     * Converts an item to an object with the given mapper.
     *
     * @param item the item
     * @param type the target class
     * @param mapper the mapper
     * @param <T> the target type
     * @return the object
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when Jackson cannot map the attributes onto the type
     */
    public static <T> T toObject(Item item, Class<T> type, ObjectMapper mapper) {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(type, "type");
        try {
            return mapper.treeToValue(toJson(Value.of(item.attributes())), type);
        } catch (JsonProcessingException e) {
            throw new dev.polycloud.CloudException(dev.polycloud.ErrorCode.INVALID_ARGUMENT, "Cannot convert item to " + type.getName() + ": "
                    + e.getOriginalMessage(), null, null, e);
        }
    }

    /**
     * Converts a JSON tree to a value.
     *
     * @param node the JSON node
     * @return the value
     */
    public static Value fromJson(JsonNode node) {
        return convert(node, false);
    }

    private static Value convert(JsonNode node, boolean skipNullFields) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Value.nullValue();
        } else if (node.isTextual()) {
            return Value.of(node.textValue());
        } else if (node.isBoolean()) {
            return Value.of(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? Value.of(node.longValue()) : Value.of(node.decimalValue());
        } else if (node.isBigDecimal()) {
            return Value.of(node.decimalValue());
        } else if (node.isNumber()) {
            return Value.of(node.doubleValue());
        } else if (node.isBinary()) {
            try {
                return Value.of(node.binaryValue());
            } catch (IOException e) {
                throw new dev.polycloud.CloudException(dev.polycloud.ErrorCode.INVALID_ARGUMENT, "Unreadable binary node", null, null, e);
            }
        } else if (node instanceof POJONode pojo && pojo.getPojo() instanceof byte[] bytes) {
            return Value.of(bytes);
        } else if (node.isArray()) {
            List<Value> list = new ArrayList<>();
            node.forEach(n -> list.add(convert(n, skipNullFields)));
            return Value.of(list);
        } else if (node.isObject()) {
            Map<String, Value> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!(skipNullFields && (e.getValue() == null || e.getValue().isNull()))) {
                    map.put(e.getKey(), convert(e.getValue(), skipNullFields));
                }
            }
            return Value.of(map);
        }
        throw dev.polycloud.CloudException.invalidArgument("Unsupported JSON node " + node.getNodeType());
    }

    /**
     * Converts a value to a JSON tree (bytes become binary nodes, decimals exact).
     *
     * @param value the value
     * @return the JSON node
     */
    public static JsonNode toJson(Value value) {
        JsonNodeFactory f = JsonNodeFactory.withExactBigDecimals(true);
        if (value instanceof Value.StringValue v) {
            return f.textNode(v.value());
        } else if (value instanceof Value.LongValue v) {
            return f.numberNode(v.value());
        } else if (value instanceof Value.DoubleValue v) {
            return f.numberNode(v.value());
        } else if (value instanceof Value.DecimalValue v) {
            return f.numberNode(v.value());
        } else if (value instanceof Value.BooleanValue v) {
            return f.booleanNode(v.value());
        } else if (value instanceof Value.BytesValue v) {
            return f.binaryNode(v.value());
        } else if (value instanceof Value.ListValue v) {
            ArrayNode a = f.arrayNode();
            v.values().forEach(x -> a.add(toJson(x)));
            return a;
        } else if (value instanceof Value.MapValue v) {
            ObjectNode o = f.objectNode();
            v.values().forEach((k, x) -> o.set(k, toJson(x)));
            return o;
        }
        return f.nullNode();
    }
}

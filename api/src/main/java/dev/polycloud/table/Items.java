package dev.polycloud.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
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

/**
 * Converts between table items and plain Java objects (POJOs, records) with Jackson.
 *
 * <p>JSON strings become {@link ValueType#STRING}, integers {@link ValueType#LONG} (or
 * {@link ValueType#DECIMAL} beyond 64 bits), floating-point numbers {@link ValueType#DOUBLE},
 * {@code BigDecimal} fields {@link ValueType#DECIMAL}, {@code byte[]} fields
 * {@link ValueType#BYTES}, arrays and objects lists and maps.
 */
public final class Items {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

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
        JsonNode tree = MAPPER.valueToTree(object);
        if (!(tree instanceof ObjectNode)) {
            throw dev.polycloud.CloudException.invalidArgument("Only objects that serialize to a JSON object become items");
        }
        return Item.of(fromJson(tree).asMap());
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
        try {
            return MAPPER.treeToValue(toJson(Value.of(item.attributes())), type);
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
            node.forEach(n -> list.add(fromJson(n)));
            return Value.of(list);
        } else if (node.isObject()) {
            Map<String, Value> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), fromJson(e.getValue()));
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

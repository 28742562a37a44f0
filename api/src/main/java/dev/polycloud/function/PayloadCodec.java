package dev.polycloud.function;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.Value;
import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts function payloads to and from handler types, identically on every provider.
 *
 * <p>{@code byte[]} passes raw, {@code String} as UTF-8, {@code Void}/null as an empty payload;
 * everything else is JSON through Jackson, with the portable types encoded the same everywhere:
 * bytes as base64, instants as ISO-8601, {@code Optional} as value-or-null, table values as
 * single-key typed objects ({@code {"S":"x"}}, {@code {"N":"42"}} for longs, {@code {"F":"1.5"}}
 * for doubles, {@code {"D":"1.50"}} for decimals, {@code {"BOOL":true}}, {@code {"B":"base64"}},
 * {@code {"L":[...]}}, {@code {"M":{...}}}, {@code {"NULL":true}}) so they round-trip exactly.
 */
public final class PayloadCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addModule(tableModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private PayloadCodec() {
    }

    /**
     * The SDK's one Jackson configuration, shared by function payloads, {@link dev.polycloud.table.Items}
     * and typed tables unless the application supplies its own ({@code Polycloud.builder().objectMapper(..)}):
     * Java time and {@code Optional} support, dates as ISO-8601, unknown properties ignored, and
     * {@code BigDecimal} kept with its scale in trees. Do not reconfigure it; {@code copy()} it instead.
     *
     * @return the mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Encodes a handler result or an invocation input.
     *
     * @param value the value
     * @return the payload bytes
     * @throws IllegalArgumentException when Jackson cannot serialize it
     */
    public static byte[] encode(Object value) {
        return encode(value, MAPPER);
    }

    /**
     * Encodes a value with the given mapper (the cloud's, {@code Polycloud.builder().objectMapper(..)}):
     * {@code null} is empty, {@code byte[]} and {@code String} are sent as they are, the rest is JSON.
     *
     * @param value the value
     * @param mapper the Jackson mapper for JSON
     * @return the payload bytes
     * @throws IllegalArgumentException when Jackson cannot serialize it
     */
    public static byte[] encode(Object value, ObjectMapper mapper) {
        java.util.Objects.requireNonNull(mapper, "mapper");
        if (value == null) {
            return new byte[0];
        } else if (value instanceof byte[] b) {
            return b.clone();
        } else if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot encode " + value.getClass().getName() + " as JSON: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Decodes a payload to a handler's input type.
     *
     * @param payload the bytes
     * @param type the target type
     * @param <T> the target type
     * @return the value ({@code null} for {@code Void} or an empty JSON payload)
     * @throws IllegalArgumentException when the payload is not valid for the type
     */
    public static <T> T decode(byte[] payload, Type type) {
        return decode(payload, type, MAPPER);
    }

    /**
     * Decodes a payload with the given mapper (the cloud's, {@code Polycloud.builder().objectMapper(..)}).
     *
     * @param payload the bytes
     * @param type the target type ({@code byte[]} and {@code String} are returned as they are)
     * @param mapper the Jackson mapper for JSON
     * @param <T> the target type
     * @return the value ({@code null} for {@code Void} or an empty JSON payload)
     * @throws IllegalArgumentException when the payload is not valid for the type
     */
    @SuppressWarnings("unchecked")
    public static <T> T decode(byte[] payload, Type type, ObjectMapper mapper) {
        java.util.Objects.requireNonNull(mapper, "mapper");
        if (type == byte[].class) {
            return (T) payload.clone();
        } else if (type == String.class) {
            return (T) new String(payload, StandardCharsets.UTF_8);
        } else if (type == Void.class || payload.length == 0) {
            return null;
        }
        try {
            JavaType javaType = mapper.getTypeFactory().constructType(type);
            return mapper.readValue(payload, javaType);
        } catch (IOException e) {
            throw new IllegalArgumentException("Payload is not a valid " + type.getTypeName() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Decodes a payload to a class.
     *
     * @param payload the bytes
     * @param type the class
     * @param <T> the type
     * @return the value
     */
    public static <T> T decode(byte[] payload, Class<T> type) {
        return decode(payload, (Type) type);
    }

    private static SimpleModule tableModule() {
        SimpleModule m = new SimpleModule("polycloud-table");
        m.addSerializer(Value.class, new JsonSerializer<>() {
            @Override
            public void serialize(Value v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeTree(valueToJson(v));
            }
        });
        m.addDeserializer(Value.class, new JsonDeserializer<>() {
            @Override
            public Value deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return valueFromJson(p.readValueAsTree());
            }
        });
        m.addSerializer(Item.class, new JsonSerializer<>() {
            @Override
            public void serialize(Item item, JsonGenerator g, SerializerProvider p) throws IOException {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                ObjectNode attrs = o.putObject("attributes");
                item.attributes().forEach((k, v) -> attrs.set(k, valueToJson(v)));
                item.version().ifPresent(v -> o.put("version", v));
                g.writeTree(o);
            }
        });
        m.addDeserializer(Item.class, new JsonDeserializer<>() {
            @Override
            public Item deserialize(JsonParser p, DeserializationContext c) throws IOException {
                JsonNode node = p.readValueAsTree();
                Map<String, Value> attrs = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = node.path("attributes").fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    attrs.put(e.getKey(), valueFromJson(e.getValue()));
                }
                JsonNode version = node.get("version");
                return Item.of(attrs).withVersion(version == null || version.isNull() ? null : version.asText());
            }
        });
        m.addSerializer(Key.class, new JsonSerializer<>() {
            @Override
            public void serialize(Key key, JsonGenerator g, SerializerProvider p) throws IOException {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.set("partition", valueToJson(key.partition()));
                key.sort().ifPresent(s -> o.set("sort", valueToJson(s)));
                g.writeTree(o);
            }
        });
        m.addDeserializer(Key.class, new JsonDeserializer<>() {
            @Override
            public Key deserialize(JsonParser p, DeserializationContext c) throws IOException {
                JsonNode node = p.readValueAsTree();
                JsonNode sort = node.get("sort");
                return new Key(valueFromJson(node.get("partition")),
                        sort == null || sort.isNull() ? Optional.empty() : Optional.of(valueFromJson(sort)));
            }
        });
        return m;
    }

    /**
     * A table value as typed JSON.
     *
     * @param v the value
     * @return the JSON node
     */
    public static JsonNode valueToJson(Value v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        if (v instanceof Value.StringValue s) {
            o.put("S", s.value());
        } else if (v instanceof Value.LongValue l) {
            o.put("N", Long.toString(l.value()));
        } else if (v instanceof Value.DoubleValue d) {
            o.put("F", Double.toString(d.value()));
        } else if (v instanceof Value.DecimalValue d) {
            o.put("D", d.value().toString());
        } else if (v instanceof Value.BooleanValue b) {
            o.put("BOOL", b.value());
        } else if (v instanceof Value.BytesValue b) {
            o.put("B", Base64.getEncoder().encodeToString(b.value()));
        } else if (v instanceof Value.ListValue l) {
            var arr = o.putArray("L");
            l.values().forEach(x -> arr.add(valueToJson(x)));
        } else if (v instanceof Value.MapValue m) {
            ObjectNode map = o.putObject("M");
            m.values().forEach((k, x) -> map.set(k, valueToJson(x)));
        } else {
            o.put("NULL", true);
        }
        return o;
    }

    /**
     * Typed JSON back to a table value.
     *
     * @param node the JSON node
     * @return the value
     * @throws IllegalArgumentException for a node that is not a typed value
     */
    public static Value valueFromJson(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("Not a typed table value: " + node);
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        JsonNode x = e.getValue();
        return switch (e.getKey()) {
            case "S" -> Value.of(x.asText());
            case "N" -> Value.of(Long.parseLong(x.asText()));
            case "F" -> Value.of(Double.parseDouble(x.asText()));
            case "D" -> Value.of(new BigDecimal(x.asText()));
            case "BOOL" -> Value.of(x.asBoolean());
            case "B" -> Value.of(Base64.getDecoder().decode(x.asText()));
            case "L" -> {
                List<Value> list = new ArrayList<>();
                x.forEach(n -> list.add(valueFromJson(n)));
                yield Value.of(list);
            }
            case "M" -> {
                Map<String, Value> map = new LinkedHashMap<>();
                x.fields().forEachRemaining(f -> map.put(f.getKey(), valueFromJson(f.getValue())));
                yield Value.of(map);
            }
            case "NULL" -> Value.nullValue();
            default -> throw new IllegalArgumentException("Unknown table value type " + e.getKey());
        };
    }

}

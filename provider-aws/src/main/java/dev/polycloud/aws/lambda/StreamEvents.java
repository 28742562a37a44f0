package dev.polycloud.aws.lambda;


import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.function.TableChange;
import dev.polycloud.function.TableChangeBatch;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.Value;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DynamoDB stream events to {@link TableChangeBatch}es. Items are decoded exactly as the DynamoDB
 * driver decodes what it reads ({@code DynamoValues}): the reserved {@code _pct} type marker tells
 * decimals and doubles from longs, {@code _pcv} is the version (absent: {@code "0"}), native sets
 * read as lists. A change's id is the record's {@code SequenceNumber}, which is also what
 * {@code batchItemFailures} names.
 *
 * <p>A stream record does not say which key attribute is the partition key: with one key attribute
 * it is the partition key; with two, the driver's hint in {@link Sources} decides, and without one
 * the order of the record's {@code Keys} does.
 */
final class StreamEvents {

    static final String VERSION = "_pcv";
    static final String TYPES = "_pct";
    static final String UNVERSIONED = "0";
    static final String DECIMAL_MARK = "d";
    static final String DOUBLE_MARK = "f";
    static final String DOUBLE_BITS_MARK = "x";

    private StreamEvents() {
    }

    /**
     * Whether an event is a DynamoDB stream event.
     *
     * @param root the event
     * @return true when its records come from {@code aws:dynamodb}
     */
    static boolean isDynamoDb(JsonNode root) {
        return "aws:dynamodb".equals(MessageEvents.firstRecord(root).path("eventSource").asText(null));
    }

    /**
     * The batch of a stream event.
     *
     * @param root the event
     * @param sources the driver's hints
     * @return the batch
     */
    static TableChangeBatch fromDynamoDb(JsonNode root, Sources sources) {
        List<TableChange> changes = new ArrayList<>();
        String table = null;
        for (JsonNode r : root.path("Records")) {
            if (table == null) {
                table = tableName(r.path("eventSourceARN").asText(""));
            }
            JsonNode db = r.path("dynamodb");
            TableChange.Type type = switch (r.path("eventName").asText("")) {
                case "INSERT" -> TableChange.Type.INSERT;
                case "REMOVE" -> TableChange.Type.REMOVE;
                default -> TableChange.Type.MODIFY;
            };
            Optional<Item> oldItem = db.has("OldImage") ? Optional.of(item(db.get("OldImage"))) : Optional.empty();
            Optional<Item> newItem = db.has("NewImage") ? Optional.of(item(db.get("NewImage"))) : Optional.empty();
            String id = db.path("SequenceNumber").asText(r.path("eventID").asText());
            changes.add(new TableChange(id, type, key(db.path("Keys"), sources.table(table)), oldItem, newItem));
        }
        return new TableChangeBatch(table == null ? "unknown" : table, changes);
    }

    /**
     * The table name of a stream ARN.
     *
     * @param streamArn {@code arn:aws:dynamodb:region:account:table/NAME/stream/LABEL}
     * @return the name
     */
    static String tableName(String streamArn) {
        int start = streamArn.indexOf(":table/");
        if (start < 0) {
            return streamArn;
        }
        String rest = streamArn.substring(start + ":table/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static Key key(JsonNode keys, Optional<List<String>> hint) {
        List<String> names = new ArrayList<>();
        keys.fieldNames().forEachRemaining(names::add);
        if (hint.isPresent() && names.containsAll(hint.get()) && hint.get().size() == names.size()) {
            names = hint.get();
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("A stream record without Keys");
        }
        Value partition = value(keys.get(names.get(0)), null);
        Optional<Value> sort = names.size() > 1 ? Optional.of(value(keys.get(names.get(1)), null)) : Optional.empty();
        return new Key(partition, sort);
    }

    /**
     * Decodes an item image.
     *
     * @param image the {@code NewImage} or {@code OldImage} map
     * @return the item with its version
     */
    static Item item(JsonNode image) {
        JsonNode types = image.path(TYPES).path("M");
        Map<String, Value> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = image.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals(TYPES) && !e.getKey().equals(VERSION)) {
                attributes.put(e.getKey(), value(e.getValue(), types.get(e.getKey())));
            }
        }
        JsonNode version = image.path(VERSION).get("S");
        return Item.of(attributes).withVersion(version != null ? version.asText() : UNVERSIONED);
    }

    /**
     * Decodes one typed value.
     *
     * @param v the typed value, such as {@code {"N":"1"}}
     * @param marker its type marker (a typed value itself), or null
     * @return the portable value
     */
    static Value value(JsonNode v, JsonNode marker) {
        String leaf = marker != null && marker.has("S") ? marker.get("S").asText() : null;
        JsonNode children = marker != null ? marker.path("M") : null;
        Map.Entry<String, JsonNode> e = v.fields().next();
        JsonNode x = e.getValue();
        switch (e.getKey()) {
            case "S":
                return Value.of(x.asText());
            case "N":
                if (DECIMAL_MARK.equals(leaf)) {
                    return Value.of(new BigDecimal(x.asText()));
                }
                if (DOUBLE_MARK.equals(leaf)) {
                    return Value.of(Double.parseDouble(x.asText()));
                }
                return number(x.asText());
            case "B":
                byte[] bytes = Base64.getDecoder().decode(x.asText());
                if (DOUBLE_BITS_MARK.equals(leaf) && bytes.length == Double.BYTES) {
                    return Value.of(Double.longBitsToDouble(ByteBuffer.wrap(bytes).getLong()));
                }
                return Value.of(bytes);
            case "BOOL":
                return Value.of(x.asBoolean());
            case "NULL":
                return Value.nullValue();
            case "L": {
                List<Value> values = new ArrayList<>();
                int i = 0;
                for (JsonNode item : x) {
                    values.add(value(item, child(children, Integer.toString(i++))));
                }
                return Value.of(values);
            }
            case "M": {
                Map<String, Value> values = new LinkedHashMap<>();
                x.fields().forEachRemaining(f -> values.put(f.getKey(), value(f.getValue(),
                        child(children, f.getKey()))));
                return Value.of(values);
            }
            case "SS": {
                List<Value> values = new ArrayList<>();
                x.forEach(s -> values.add(Value.of(s.asText())));
                return Value.of(values);
            }
            case "NS": {
                List<Value> values = new ArrayList<>();
                x.forEach(s -> values.add(number(s.asText())));
                return Value.of(values);
            }
            case "BS": {
                List<Value> values = new ArrayList<>();
                x.forEach(s -> values.add(Value.of(Base64.getDecoder().decode(s.asText()))));
                return Value.of(values);
            }
            default:
                throw new IllegalArgumentException("Unsupported DynamoDB attribute value " + v);
        }
    }

    private static JsonNode child(JsonNode children, String name) {
        return children == null || children.isMissingNode() ? null : children.get(name);
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
                // a decimal
            }
            return Value.of(d);
        }
    }
}

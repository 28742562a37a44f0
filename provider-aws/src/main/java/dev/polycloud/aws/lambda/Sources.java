package dev.polycloud.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.function.PayloadCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the adapter cannot read from an event and the driver tells it when binding a trigger, kept
 * in the function's environment variable {@value #ENV} as JSON:
 * {@code {"queues":{"<sqs queue name>":"subscription/<topic>/<name>"},"tables":{"<table>":["<partition key>","<sort key>"]}}}.
 * <ul>
 *   <li>a subscription queue whose name was shortened with a hash (over SQS's 80 characters) cannot
 *       be split back into topic and subscription;</li>
 *   <li>a DynamoDB stream record names the key attributes but not which is the partition key and
 *       which the sort key.</li>
 * </ul>
 * Everything else is derived from the event, so the variable is usually absent.
 *
 * @param queues SQS queue name to portable source path
 * @param tables table name to its key attribute names, partition key first
 */
public record Sources(Map<String, String> queues, Map<String, List<String>> tables) {

    /** The environment variable holding the hints. */
    public static final String ENV = "POLYCLOUD_SOURCES";

    /** No hints. */
    public static final Sources NONE = new Sources(Map.of(), Map.of());

    /**
     * Copies the maps.
     *
     * @param queues see the record description
     * @param tables see the record description
     */
    public Sources {
        queues = Map.copyOf(queues);
        Map<String, List<String>> t = new LinkedHashMap<>();
        tables.forEach((k, v) -> t.put(k, List.copyOf(v)));
        tables = Map.copyOf(t);
    }

    /**
     * Reads the hints.
     *
     * @param json the variable's value, or null
     * @return the hints ({@link #NONE} when absent or unreadable)
     */
    public static Sources parse(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        try {
            JsonNode root = PayloadCodec.mapper().readTree(json);
            Map<String, String> queues = new LinkedHashMap<>();
            root.path("queues").properties().forEach(e -> queues.put(e.getKey(), e.getValue().asText()));
            Map<String, List<String>> tables = new LinkedHashMap<>();
            root.path("tables").properties().forEach(e -> {
                List<String> keys = new ArrayList<>();
                e.getValue().forEach(k -> keys.add(k.asText()));
                tables.put(e.getKey(), keys);
            });
            return new Sources(queues, tables);
        } catch (IOException e) {
            return NONE;
        }
    }

    /**
     * The hints as the variable's value.
     *
     * @return compact JSON
     */
    public String toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (!queues.isEmpty()) {
            ObjectNode q = root.putObject("queues");
            queues.forEach(q::put);
        }
        if (!tables.isEmpty()) {
            ObjectNode t = root.putObject("tables");
            tables.forEach((k, v) -> {
                ArrayNode a = t.putArray(k);
                v.forEach(a::add);
            });
        }
        try {
            return PayloadCodec.mapper().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The hints with one more queue.
     *
     * @param queueName the SQS queue name
     * @param sourcePath its portable source path
     * @return the new hints
     */
    public Sources withQueue(String queueName, String sourcePath) {
        Map<String, String> q = new LinkedHashMap<>(queues);
        q.put(queueName, sourcePath);
        return new Sources(q, tables);
    }

    /**
     * The hints with one more table.
     *
     * @param table the table name
     * @param keys its partition key and sort key attribute names
     * @return the new hints
     */
    public Sources withTable(String table, List<String> keys) {
        Map<String, List<String>> t = new LinkedHashMap<>(tables);
        t.put(table, keys);
        return new Sources(queues, t);
    }

    /**
     * The source path hinted for a queue.
     *
     * @param queueName the SQS queue name
     * @return the path, if hinted
     */
    public Optional<String> queue(String queueName) {
        return Optional.ofNullable(queues.get(queueName));
    }

    /**
     * The key attributes hinted for a table.
     *
     * @param table the table name
     * @return partition key then sort key, if hinted
     */
    public Optional<List<String>> table(String table) {
        return Optional.ofNullable(tables.get(table));
    }
}

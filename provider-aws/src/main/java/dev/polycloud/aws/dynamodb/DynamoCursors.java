package dev.polycloud.aws.dynamodb;

import dev.polycloud.aws.internal.AwsErrors;
import dev.polycloud.aws.internal.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The driver's position in a query or scan: DynamoDB's {@code LastEvaluatedKey} (the key attributes
 * of the last item read) as a small JSON object {@code {"name": {"S": "..."} | {"N": "..."} |
 * {"B": "base64"}}}. The portable layer wraps it in the one cursor envelope, which binds it to the
 * table and query and refuses anything else before the driver sees it; decoding still checks the
 * form (INVALID_ARGUMENT) so that a driver bug can never send a malformed start key.
 */
final class DynamoCursors {

    private DynamoCursors() {
    }

    /**
     * Encodes a {@code LastEvaluatedKey}.
     *
     * @param lastEvaluatedKey the key attributes
     * @return the cursor
     */
    static String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(lastEvaluatedKey).forEach((name, v) -> {
            ObjectNode typed = root.putObject(name);
            switch (v.type()) {
                case S -> typed.put("S", v.s());
                case N -> typed.put("N", v.n());
                case B -> typed.put("B", Base64.getEncoder().encodeToString(v.b().asByteArrayUnsafe()));
                default -> throw new IllegalArgumentException("Key attribute " + name + " is not S, N or B: " + v);
            }
        });
        return Json.write(root);
    }

    /**
     * Decodes a cursor into an {@code ExclusiveStartKey}.
     *
     * @param cursor the cursor
     * @param keyNames the table's key attribute names
     * @param resource the resource, for errors
     * @return the key attributes
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a malformed or foreign cursor
     */
    static Map<String, AttributeValue> decode(String cursor, Set<String> keyNames, String resource) {
        JsonNode root;
        try {
            root = Json.read(cursor);
        } catch (RuntimeException e) {
            throw malformed(resource, e);
        }
        if (root == null || !root.isObject()) {
            throw malformed(resource, null);
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode typed = field.getValue();
            if (!typed.isObject() || typed.size() != 1) {
                throw malformed(resource, null);
            }
            if (typed.hasNonNull("S") && typed.get("S").isTextual()) {
                key.put(field.getKey(), AttributeValue.fromS(typed.get("S").asText()));
            } else if (typed.hasNonNull("N") && typed.get("N").isTextual() && isNumber(typed.get("N").asText())) {
                key.put(field.getKey(), AttributeValue.fromN(typed.get("N").asText()));
            } else if (typed.hasNonNull("B") && typed.get("B").isTextual()) {
                try {
                    key.put(field.getKey(), AttributeValue.fromB(SdkBytes.fromByteArray(
                            Base64.getDecoder().decode(typed.get("B").asText()))));
                } catch (IllegalArgumentException e) {
                    throw malformed(resource, e);
                }
            } else {
                throw malformed(resource, null);
            }
        }
        if (!key.keySet().equals(keyNames)) {
            throw new CloudException(ErrorCode.INVALID_ARGUMENT, "The cursor does not belong to this table (its key"
                    + " attributes are " + key.keySet() + ", the table's are " + keyNames + ")", AwsErrors.PROVIDER,
                    resource, null);
        }
        return key;
    }

    private static boolean isNumber(String s) {
        try {
            new java.math.BigDecimal(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static CloudException malformed(String resource, Throwable cause) {
        return new CloudException(ErrorCode.INVALID_ARGUMENT, "Malformed cursor: pass back a cursor exactly as a page"
                + " of this table returned it", AwsErrors.PROVIDER, resource, cause);
    }
}

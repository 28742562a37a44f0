package dev.polycloud.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@DisplayName("Query and scan cursors")
class DynamoCursorsTest {

    private static final Set<String> KEYS = Set.of("pk", "sk");

    @Test
    @DisplayName("a LastEvaluatedKey of strings, numbers and binaries round-trips")
    void roundTrip() {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put("pk", AttributeValue.fromS("ключ 🎉 \"quoted\""));
        key.put("sk", AttributeValue.fromN("-9223372036854775808"));
        String cursor = DynamoCursors.encode(key);
        assertThat(DynamoCursors.decode(cursor, KEYS, "table t")).isEqualTo(key);
        Map<String, AttributeValue> binary = Map.of("id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, -1})));
        assertThat(DynamoCursors.decode(DynamoCursors.encode(binary), Set.of("id"), "table t")).isEqualTo(binary);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "garbage", "null", "[1]", "{\"pk\":1}", "{\"pk\":{\"X\":\"a\"},\"sk\":{\"N\":\"1\"}}",
            "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"x\"}}"})
    @DisplayName("a malformed position is INVALID_ARGUMENT (a safety net: the portable envelope refuses it first)")
    void malformed(String cursor) {
        assertThatThrownBy(() -> DynamoCursors.decode(cursor, KEYS, "table t"))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.provider()).contains("aws");
                    assertThat(e.resource()).contains("table t");
                });
    }

    @Test
    @DisplayName("a cursor of another table's keys is INVALID_ARGUMENT")
    void foreign() {
        String cursor = DynamoCursors.encode(Map.of("id", AttributeValue.fromS("a")));
        assertThatThrownBy(() -> DynamoCursors.decode(cursor, KEYS, "table t"))
                .isInstanceOfSatisfying(CloudException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        String json = "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}";
        assertThat(DynamoCursors.decode(json, KEYS, "table t")).containsEntry("sk", AttributeValue.fromN("1"));
    }
}

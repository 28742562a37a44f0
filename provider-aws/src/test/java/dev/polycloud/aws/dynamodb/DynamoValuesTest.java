package dev.polycloud.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.table.Item;
import dev.polycloud.table.Value;
import dev.polycloud.table.ValueType;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@DisplayName("Table values on DynamoDB")
class DynamoValuesTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("Long.MIN_VALUE", Value.of(Long.MIN_VALUE)),
                Arguments.of("Long.MAX_VALUE", Value.of(Long.MAX_VALUE)),
                Arguments.of("a 38-digit decimal", Value.of(new BigDecimal("12345678901234567890123456789012345678"))),
                Arguments.of("a negative decimal with a fraction",
                        Value.of(new BigDecimal("-1234567890123456789.0123456789012345678"))),
                Arguments.of("a tiny decimal", Value.of(new BigDecimal("1E-38"))),
                Arguments.of("decimal zero with a scale", Value.of(new BigDecimal("0.000"))),
                Arguments.of("decimal 1 (not a long)", Value.of(new BigDecimal("1"))),
                Arguments.of("double 0.1", Value.of(0.1)),
                Arguments.of("double 1.0 (not a long)", Value.of(1.0)),
                Arguments.of("double 1e-5", Value.of(1e-5)),
                Arguments.of("double 1e125", Value.of(1e125)),
                Arguments.of("double 1e126 (out of N's range)", Value.of(1e126)),
                Arguments.of("double 1e-131 (out of N's range)", Value.of(1e-131)),
                Arguments.of("Double.MAX_VALUE", Value.of(Double.MAX_VALUE)),
                Arguments.of("Double.MIN_VALUE", Value.of(Double.MIN_VALUE)),
                Arguments.of("negative zero", Value.of(-0.0)),
                Arguments.of("positive zero", Value.of(0.0)),
                Arguments.of("NaN", Value.of(Double.NaN)),
                Arguments.of("infinity", Value.of(Double.NEGATIVE_INFINITY)),
                Arguments.of("the empty string", Value.of("")),
                Arguments.of("a string that looks like a number", Value.of("007")),
                Arguments.of("empty bytes", Value.of(new byte[0])),
                Arguments.of("eight bytes (the size of a double's bits)", Value.of(new byte[8])),
                Arguments.of("true", Value.of(true)),
                Arguments.of("null", Value.nullValue()),
                Arguments.of("an empty list", Value.list()),
                Arguments.of("an empty map", Value.of(Map.of())),
                Arguments.of("a list of every number type", Value.list(Value.of(1L), Value.of(1.0),
                        Value.of(new BigDecimal("1")), Value.of(Double.NaN), Value.of("1"))),
                Arguments.of("decimals and doubles deep in maps and lists", Value.of(Map.of(
                        "a", Value.list(Value.of(Map.of("b", Value.of(new BigDecimal("2.50")))), Value.of(3L),
                                Value.list(Value.of(-0.0))),
                        "0", Value.of(0.5)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    @DisplayName("a value encoded and decoded is the same value, type included")
    void roundTrip(String description, Value value) {
        Item item = Item.builder().put("id", "x").put("v", value).build().withVersion("v1");
        Map<String, AttributeValue> encoded = DynamoValues.encodeItem(item);
        Item decoded = DynamoValues.decodeItem(encoded);
        assertThat(decoded.get("v")).as(description).contains(value);
        assertThat(decoded.get("v").orElseThrow().type()).isEqualTo(value.type());
        assertThat(decoded).isEqualTo(item);
    }

    @Nested
    @DisplayName("the stored form")
    class StoredForm {

        @Test
        @DisplayName("longs, strings and the rest need no type marker")
        void noMarker() {
            Item item = Item.builder().put("id", "x").put("n", 5L).put("s", "t").put("b", true)
                    .put("l", List.of(1L, "a")).build();
            Map<String, AttributeValue> encoded = DynamoValues.encodeItem(item);
            assertThat(encoded).doesNotContainKey(DynamoValues.TYPES).doesNotContainKey(DynamoValues.VERSION);
            assertThat(encoded.get("n")).isEqualTo(AttributeValue.fromN("5"));
        }

        @Test
        @DisplayName("decimals and doubles are native numbers, told apart by the marker")
        void numbersWithMarker() {
            Item item = Item.builder().put("id", "x").put("d", Value.of(new BigDecimal("2.50")))
                    .put("f", Value.of(0.1)).put("nan", Value.of(Double.NaN))
                    .put("l", Value.list(Value.of(1L), Value.of(new BigDecimal("3")))).build();
            Map<String, AttributeValue> encoded = DynamoValues.encodeItem(item);
            assertThat(encoded.get("d")).isEqualTo(AttributeValue.fromN("2.50"));
            assertThat(encoded.get("f")).isEqualTo(AttributeValue.fromN("0.1"));
            assertThat(encoded.get("nan").type()).isEqualTo(AttributeValue.Type.B);
            Map<String, AttributeValue> marker = encoded.get(DynamoValues.TYPES).m();
            assertThat(marker).containsEntry("d", AttributeValue.fromS("d")).containsEntry("f", AttributeValue.fromS("f"))
                    .containsEntry("nan", AttributeValue.fromS("x"))
                    .containsEntry("l", AttributeValue.fromM(Map.of("1", AttributeValue.fromS("d"))));
        }

        @Test
        @DisplayName("the version is a reserved string attribute, and an item without one reads as version 0")
        void version() {
            Item item = Item.builder().put("id", "x").build().withVersion("abc");
            assertThat(DynamoValues.encodeItem(item)).containsEntry(DynamoValues.VERSION, AttributeValue.fromS("abc"));
            assertThat(DynamoValues.decodeItem(Map.of("id", AttributeValue.fromS("x"))).version())
                    .contains(DynamoValues.UNVERSIONED);
        }
    }

    @Nested
    @DisplayName("data written by other tools")
    class Native {

        @Test
        @DisplayName("an unmarked number is a long when it is an integer that fits, else a decimal")
        void unmarkedNumbers() {
            Map<String, AttributeValue> stored = new LinkedHashMap<>();
            stored.put("id", AttributeValue.fromS("x"));
            stored.put("int", AttributeValue.fromN("42"));
            stored.put("exp", AttributeValue.fromN("1E+3"));
            stored.put("frac", AttributeValue.fromN("1.5"));
            stored.put("huge", AttributeValue.fromN("123456789012345678901234567890"));
            Item item = DynamoValues.decodeItem(stored);
            assertThat(item.get("int")).contains(Value.of(42L));
            assertThat(item.get("exp")).contains(Value.of(1000L));
            assertThat(item.get("frac")).contains(Value.of(new BigDecimal("1.5")));
            assertThat(item.get("huge").orElseThrow().type()).isEqualTo(ValueType.DECIMAL);
        }

        @Test
        @DisplayName("native sets read as lists")
        void sets() {
            Map<String, AttributeValue> stored = new LinkedHashMap<>();
            stored.put("ss", AttributeValue.fromSs(List.of("a", "b")));
            stored.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
            stored.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}))));
            Item item = DynamoValues.decodeItem(stored);
            assertThat(item.get("ss")).contains(Value.list(Value.of("a"), Value.of("b")));
            assertThat(item.get("ns")).contains(Value.list(Value.of(1L), Value.of(new BigDecimal("2.5"))));
            assertThat(item.get("bs")).contains(Value.list(Value.of(new byte[] {1})));
        }
    }

    @Nested
    @DisplayName("DynamoDB's size rules")
    class Size {

        @Test
        @DisplayName("strings, numbers, binaries, lists and maps count as AWS documents")
        void rules() {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put("s", AttributeValue.fromS("héllo"));
            item.put("n", AttributeValue.fromN("12345"));
            item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10])));
            item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true))));
            item.put("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));
            long expected = (1 + 6) + (1 + 4) + (1 + 10) + (1 + 3 + 2 + 2) + (1 + 3 + 1 + 1 + 1);
            assertThat(DynamoSize.of(item)).isEqualTo(expected);
        }

        @Test
        @DisplayName("a number counts one byte per two significant digits plus one")
        void numbers() {
            assertThat(DynamoSize.of(AttributeValue.fromN("12345678901234567890123456789012345678"))).isEqualTo(20);
            assertThat(DynamoSize.of(AttributeValue.fromN("1000"))).isEqualTo(2);
            assertThat(DynamoSize.of(AttributeValue.fromN("0"))).isEqualTo(2);
        }
    }
}

package dev.polycloud.gcp.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Blob;
import dev.polycloud.table.Item;
import dev.polycloud.table.Value;
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
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Firestore value encoding")
class FirestoreValuesTest {

    static Stream<Arguments> values() {
        Map<String, Value> odd = new LinkedHashMap<>();
        odd.put("", Value.of("empty key"));
        odd.put("__reserved__", Value.of(1L));
        odd.put("_pcd", Value.of("looks like a decimal"));
        odd.put("_pc~x", Value.of("looks escaped"));
        odd.put("a.b", Value.of(2L));
        return Stream.of(
                Arguments.of("long", Value.of(Long.MIN_VALUE)),
                Arguments.of("double NaN", Value.of(Double.NaN)),
                Arguments.of("negative zero", Value.of(-0.0)),
                Arguments.of("decimal", Value.of(new BigDecimal("-1234567890123456789.0123456789012345678"))),
                Arguments.of("decimal with exponent", Value.of(new BigDecimal("1E+40"))),
                Arguments.of("empty string", Value.of("")),
                Arguments.of("bytes", Value.of(new byte[] {0, (byte) 0xFF})),
                Arguments.of("null", Value.nullValue()),
                Arguments.of("list in list", Value.list(Value.list(Value.of(1L), Value.list()), Value.of("x"))),
                Arguments.of("map with reserved-looking keys", Value.of(odd)),
                Arguments.of("list of decimals", Value.list(Value.of(new BigDecimal("0.1")), Value.nullValue())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    @DisplayName("decode(encode(v)) is v, type included")
    void roundTrip(String description, Value value) {
        Value back = FirestoreValues.decode(FirestoreValues.encodeField(value));
        assertThat(back.type()).isEqualTo(value.type());
        assertThat(back).isEqualTo(value);
    }

    @Test
    @DisplayName("a decimal is a one-key map with its exact string, never a double")
    void decimal() {
        assertThat(FirestoreValues.encode(Value.of(new BigDecimal("0.10")))).isEqualTo(Map.of("_pcd", "0.10"));
    }

    @Test
    @DisplayName("a list directly inside a list is wrapped, since Firestore forbids arrays in arrays")
    void nestedList() {
        Object encoded = FirestoreValues.encode(Value.list(Value.list(Value.of(1L))));
        assertThat(encoded).isEqualTo(List.of(Map.of("_pcl", List.of(1L))));
    }

    @Test
    @DisplayName("bytes become a Blob")
    void bytes() {
        assertThat(FirestoreValues.encode(Value.of(new byte[] {1, 2}))).isEqualTo(Blob.fromBytes(new byte[] {1, 2}));
    }

    @Nested
    @DisplayName("depth")
    class Depth {

        private Value nested(int levels) {
            Value v = Value.of("leaf");
            for (int i = 0; i < levels; i++) {
                v = i % 2 == 0 ? Value.list(v) : Value.of(Map.of("k", v));
            }
            return v;
        }

        @Test
        @DisplayName("up to Firestore's 20 levels a value is stored as it is")
        void shallow() {
            Object encoded = FirestoreValues.encodeField(nested(20));
            assertThat(FirestoreValues.depth(encoded)).isEqualTo(20);
            assertThat(encoded).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) encoded).keySet()).hasSize(1).allMatch("k"::equals);
        }

        @Test
        @DisplayName("deeper values, and lists in lists that grow deeper once wrapped, are packed and read back")
        void deep() {
            for (Value v : List.of(nested(21), nested(32), listsInLists(15))) {
                Object encoded = FirestoreValues.encodeField(v);
                assertThat(encoded).isInstanceOf(Map.class);
                assertThat(((Map<?, ?>) encoded).keySet()).hasSize(1).allMatch("_pcz"::equals);
                assertThat(FirestoreValues.decode(encoded)).isEqualTo(v);
            }
        }

        private Value listsInLists(int levels) {
            Value v = Value.of(1L);
            for (int i = 0; i < levels; i++) {
                v = Value.list(v);
            }
            return v;
        }
    }

    @Test
    @DisplayName("the packed form keeps every type, unpaired surrogates and NaN bits included")
    void packed() {
        Map<String, Value> map = new LinkedHashMap<>();
        map.put("s", Value.of("lone \uD800 surrogate"));
        map.put("d", Value.of(Double.longBitsToDouble(0x7ff8000000000001L)));
        map.put("m", Value.of(new BigDecimal("-0.000")));
        map.put("b", Value.of(true));
        map.put("f", Value.of(false));
        map.put("y", Value.of(new byte[0]));
        map.put("n", Value.nullValue());
        map.put("l", Value.list(Value.of(Long.MAX_VALUE)));
        Value v = Value.of(map);
        Value back = FirestoreValues.unpack(FirestoreValues.pack(v));
        assertThat(back).isEqualTo(v);
        assertThat(back.asMap().get("s").asString()).isEqualTo("lone \uD800 surrogate");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "__x__", "____", "_pc", "_pcv", "_pc~y"})
    @DisplayName("empty, reserved and _pc names are escaped, and read back")
    void escapedNames(String name) {
        String stored = FirestoreValues.fieldName(name);
        assertThat(stored).startsWith("_pc~");
        assertThat(FirestoreValues.portableName(stored)).isEqualTo(name);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"a", "a.b", "__x", "x__", "_p", "pc_", "ключ", "$dollar"})
    @DisplayName("other names are stored as they are")
    void plainNames(String name) {
        assertThat(FirestoreValues.fieldName(name)).isEqualTo(name);
    }

    @Test
    @DisplayName("an item keeps its version in _pcv, and reserved fields never show as attributes")
    void item() {
        Item item = Item.builder().put("id", "a").put("__odd__", 1L).build();
        Map<String, Object> doc = FirestoreValues.encodeItem(item, "v1");
        assertThat(doc).containsEntry("_pcv", "v1").containsKey("_pc~__odd__");
        doc.put("_pcfuture", "a driver field of a later version");
        Item back = FirestoreValues.decodeItem(doc);
        assertThat(back.attributes()).isEqualTo(item.attributes());
        assertThat(back.version()).contains("v1");
    }
}

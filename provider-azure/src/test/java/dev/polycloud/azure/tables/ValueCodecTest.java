package dev.polycloud.azure.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.table.Item;
import dev.polycloud.table.ItemSize;
import dev.polycloud.table.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Overflow document encoding")
class ValueCodecTest {

    private static final Random RANDOM = new Random(7);

    static Value randomValue(int depth) {
        int kind = RANDOM.nextInt(depth > 3 ? 8 : 10);
        return switch (kind) {
            case 0 -> Value.of(KeyCodecTest.randomKey(RANDOM.nextInt(3) == 0 ? 200 : 10));
            case 1 -> Value.of(RANDOM.nextLong() >> RANDOM.nextInt(64));
            case 2 -> Value.of(Double.longBitsToDouble(RANDOM.nextLong()));
            case 3 -> Value.of(new BigDecimal(new java.math.BigInteger(120, RANDOM), RANDOM.nextInt(80) - 40));
            case 4 -> Value.of(RANDOM.nextBoolean());
            case 5 -> {
                byte[] b = new byte[RANDOM.nextInt(3) == 0 ? 100 : RANDOM.nextInt(5)];
                RANDOM.nextBytes(b);
                yield Value.of(b);
            }
            case 6 -> Value.of("");
            case 7 -> Value.nullValue();
            case 8 -> {
                List<Value> l = new ArrayList<>();
                for (int i = RANDOM.nextInt(5); i > 0; i--) {
                    l.add(randomValue(depth + 1));
                }
                yield Value.of(l);
            }
            default -> {
                Map<String, Value> m = new LinkedHashMap<>();
                for (int i = RANDOM.nextInt(5); i > 0; i--) {
                    m.put(KeyCodecTest.randomKey(6), randomValue(depth + 1));
                }
                yield Value.of(m);
            }
        };
    }

    private static Map<String, Value> roundTrip(Map<String, Value> attributes) {
        return ValueCodec.decode(ValueCodec.encode(attributes));
    }

    @Test
    @DisplayName("every type round-trips exactly, including the doubles and decimals JSON would lose")
    void everyType() {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("nan", Value.of(Double.NaN));
        m.put("negZero", Value.of(-0.0));
        m.put("inf", Value.of(Double.NEGATIVE_INFINITY));
        m.put("min", Value.of(Double.MIN_VALUE));
        m.put("decimalScale", Value.of(new BigDecimal("1.50")));
        m.put("decimalBig", Value.of(new BigDecimal("-12345678901234567890123456789012345678E-20")));
        m.put("longMin", Value.of(Long.MIN_VALUE));
        m.put("empty", Value.of(""));
        m.put("emptyBytes", Value.of(new byte[0]));
        m.put("loneSurrogate", Value.of("a\uD800b"));
        m.put("nested", Value.of(Map.of("l", Value.list(Value.nullValue(), Value.of(true), Value.list()))));
        m.put("", Value.of("empty name"));
        m.put("with space.and-dots", Value.of(1L));
        Map<String, Value> back = roundTrip(m);
        assertThat(back).isEqualTo(m);
        assertThat(back.keySet()).containsExactlyElementsOf(m.keySet());
        assertThat(Double.doubleToRawLongBits(back.get("negZero").asDouble()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(back.get("decimalScale").asDecimal().scale()).as("the scale is kept too").isEqualTo(2);
        assertThat(back.get("loneSurrogate").asString()).isEqualTo("a\uD800b");
    }

    @Test
    @DisplayName("random documents round-trip, and their size stays under twice the portable size plus 300 bytes")
    void randomDocumentsAndSizeBound() {
        for (int i = 0; i < 500; i++) {
            Map<String, Value> m = new LinkedHashMap<>();
            for (int j = RANDOM.nextInt(20); j > 0; j--) {
                m.put(KeyCodecTest.randomKey(RANDOM.nextInt(4) == 0 ? 1 : 12), randomValue(0));
            }
            byte[] doc = ValueCodec.encode(m);
            assertThat(ValueCodec.decode(doc)).isEqualTo(m);
            long portable = ItemSize.of(Item.of(m));
            // Decimals of up to 38 digits are what ItemSize budgets 21 bytes for; the random ones here
            // have up to 37 digits.
            assertThat((long) doc.length).as("document of %s", m.keySet()).isLessThanOrEqualTo(2 * portable + 300);
        }
    }

    @Test
    @DisplayName("the worst case of the size bound: many one-letter names with empty values")
    void worstCase() {
        Map<String, Value> m = new LinkedHashMap<>();
        for (char c = 0; c < 128; c++) {
            m.put(String.valueOf(c), Value.of(""));
        }
        for (int i = 0; i < 5000; i++) {
            m.put("k" + i, Value.of(new byte[0]));
        }
        long portable = ItemSize.of(Item.of(m));
        assertThat((long) ValueCodec.encode(m).length).isLessThanOrEqualTo(2 * portable + 300);
    }

    @Test
    @DisplayName("a truncated or corrupt document is refused, not misread")
    void corrupt() {
        byte[] doc = ValueCodec.encode(Map.of("a", Value.of("hello")));
        assertThatThrownBy(() -> ValueCodec.decode(java.util.Arrays.copyOf(doc, doc.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] trailing = java.util.Arrays.copyOf(doc, doc.length + 1);
        assertThatThrownBy(() -> ValueCodec.decode(trailing)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueCodec.decode(new byte[] {1, 0x20, 0x7F})).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.polycloud.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Table values")
class ValueTest {

    @Nested
    @DisplayName("equality")
    class Equality {

        @Test
        @DisplayName("decimals are equal by numeric value whatever the scale, with equal hash codes")
        void decimals() {
            assertThat(Value.of(new BigDecimal("1.0"))).isEqualTo(Value.of(new BigDecimal("1.00")))
                    .hasSameHashCodeAs(Value.of(new BigDecimal("1.00")));
            assertThat(Value.of(BigDecimal.ZERO)).isEqualTo(Value.of(new BigDecimal("0.000")));
            assertThat(Value.of(new BigDecimal("1.1"))).isNotEqualTo(Value.of(new BigDecimal("1.10001")));
        }

        @Test
        @DisplayName("bytes are equal by content and copied in and out")
        void bytes() {
            byte[] raw = {0, 1, 2};
            Value v = Value.of(raw);
            raw[0] = 9;
            assertThat(v).isEqualTo(Value.of(new byte[] {0, 1, 2}));
            v.asBytes()[1] = 9;
            assertThat(v.asBytes()).containsExactly(0, 1, 2);
        }

        @Test
        @DisplayName("a long and a double of the same number are different values")
        void typesMatter() {
            assertThat(Value.of(1L)).isNotEqualTo(Value.of(1.0));
        }
    }

    @Test
    @DisplayName("from() and toJava() are inverse for plain Java objects")
    void javaRoundTrip() {
        Map<String, Object> java = Map.of("s", "x", "n", 5L, "d", 1.5, "b", true, "l", List.of("a", 2L),
                "m", Map.of("k", "v"));
        Value v = Value.from(java);
        assertThat(v.type()).isEqualTo(ValueType.MAP);
        assertThat(Value.from(v.toJava())).isEqualTo(v);
        assertThat(Value.from(null).isNull()).isTrue();
        assertThat(Value.from(7).asLong()).isEqualTo(7L);
    }

    @Test
    @DisplayName("reading a value as the wrong type says which type it is")
    void wrongType() {
        assertThatThrownBy(() -> Value.of("x").asLong()).isInstanceOf(dev.polycloud.CloudException.class)
                .hasMessageContaining("STRING")
                .extracting(e -> ((dev.polycloud.CloudException) e).code())
                .isEqualTo(dev.polycloud.ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    @DisplayName("keys order longs numerically and strings by UTF-8 bytes")
    void keyOrder() {
        assertThat(Value.compareKeys(Value.of(-5L), Value.of(3L))).isNegative();
        assertThat(Value.compareKeys(Value.of("B"), Value.of("a"))).isNegative();
        // U+FFFD (EF BF BD) sorts before U+1F600 (F0 9F 98 80) in UTF-8, though not in UTF-16
        assertThat(Value.compareKeys(Value.of("\uFFFD"), Value.of("\uD83D\uDE00"))).isNegative();
        assertThatThrownBy(() -> Value.compareKeys(Value.of(1L), Value.of("1")))
                .isInstanceOf(dev.polycloud.CloudException.class);
    }
}

package dev.polycloud.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Items and POJOs")
class ItemsTest {

    /** A typical record an application stores. */
    record Order(String id, long quantity, BigDecimal price, double weight, boolean paid, byte[] signature,
                 List<String> tags, Map<String, String> notes) {
    }

    @Test
    @DisplayName("a record becomes an item with typed values and back, unchanged")
    void recordRoundTrip() {
        Order order = new Order("o-1", 3, new BigDecimal("12345678901234567890.123456789012345678"), 2.5, true,
                new byte[] {0, -1, 7}, List.of("a", "b"), Map.of("gift", "yes"));
        Item item = Items.fromObject(order);
        assertThat(item.get("id")).contains(Value.of("o-1"));
        assertThat(item.get("quantity")).contains(Value.of(3L));
        assertThat(item.get("price").orElseThrow().type()).isEqualTo(ValueType.DECIMAL);
        assertThat(item.get("weight")).contains(Value.of(2.5));
        assertThat(item.get("paid")).contains(Value.of(true));
        Order back = item.as(Order.class);
        assertThat(back.id()).isEqualTo("o-1");
        assertThat(back.price()).isEqualByComparingTo(order.price());
        assertThat(back.signature()).containsExactly(0, -1, 7);
        assertThat(back.tags()).containsExactly("a", "b");
        assertThat(back.notes()).containsEntry("gift", "yes");
    }

    @Test
    @DisplayName("item size follows the documented rules")
    void itemSize() {
        Item item = Item.builder().put("ab", "xyz").put("n", 1L).put("l", Value.list(Value.of(true))).build();
        // "ab"+"xyz" = 5; "n"+21 = 22; "l" + (3 + 1 + 1) = 6
        assertThat(ItemSize.of(item)).isEqualTo(33);
    }
}

package dev.polycloud.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.PayloadCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Objects as items with the SDK's one Jackson configuration")
class TypedItemsTest {

    record Order(String id, BigDecimal total, String note, Instant placed) {
    }

    @Nested
    @DisplayName("Items.fromObject")
    class FromObject {

        @Test
        @DisplayName("keeps the scale of a BigDecimal: 13.50 reads back as 13.50, as Item.builder().put does")
        void keepsScale() {
            Item item = Items.fromObject(new Order("o-1", new BigDecimal("13.50"), "n", null));
            assertThat(item.get("total")).contains(Value.of(new BigDecimal("13.50")));
            assertThat(item.get("total")).isEqualTo(Item.builder().put("total", new BigDecimal("13.50")).build().get("total"));
            assertThat(Items.toObject(item, Order.class).total()).isEqualTo(new BigDecimal("13.50"));
            assertThat(Items.toObject(item, Order.class).total().scale()).isEqualTo(2);
        }

        @Test
        @DisplayName("leaves null fields out instead of storing NULL attributes, and reads them back as null")
        void nullFieldsLeftOut() {
            Item item = Items.fromObject(new Order("o-2", BigDecimal.ONE, null, null));
            assertThat(item.attributes()).containsOnlyKeys("id", "total");
            assertThat(Items.toObject(item, Order.class)).isEqualTo(new Order("o-2", BigDecimal.ONE, null, null));
        }

        @Test
        @DisplayName("keeps nulls inside lists, where position matters")
        void nullsInListsStay() {
            Item item = Items.fromObject(Map.of("id", "x", "values", java.util.Arrays.asList("a", null)));
            assertThat(item.get("values")).contains(Value.list(Value.of("a"), Value.nullValue()));
        }

        @Test
        @DisplayName("writes instants as ISO-8601 strings through the shared configuration")
        void instants() {
            Item item = Items.fromObject(new Order("o-3", BigDecimal.TEN, null, Instant.parse("2026-12-06T01:00:00Z")));
            assertThat(item.get("placed")).contains(Value.of("2026-12-06T01:00:00Z"));
            assertThat(Items.toObject(item, Order.class).placed()).isEqualTo(Instant.parse("2026-12-06T01:00:00Z"));
        }

        @Test
        @DisplayName("uses a caller's mapper (here snake_case names) and still keeps scale and drops nulls")
        void customMapper() {
            ObjectMapper snake = JsonMapper.builder().findAndAddModules()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
            record Line(String itemName, BigDecimal unitPrice, String comment) {
            }
            Item item = Items.fromObject(new Line("pen", new BigDecimal("1.10"), null), snake);
            assertThat(item.attributes()).containsOnlyKeys("item_name", "unit_price");
            assertThat(item.get("unit_price")).contains(Value.of(new BigDecimal("1.10")));
            assertThat(Items.toObject(item, Line.class, snake)).isEqualTo(new Line("pen", new BigDecimal("1.10"), null));
        }

        @Test
        @DisplayName("refuses what is not a JSON object with INVALID_ARGUMENT")
        void notAnObject() {
            assertThatThrownBy(() -> Items.fromObject("just a string"))
                    .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    @DisplayName("the shared mapper decodes generic payloads (the Functions.invoke TypeReference variant)")
    void genericPayloads() {
        byte[] json = "[{\"id\":\"a\",\"total\":2.50}]".getBytes(StandardCharsets.UTF_8);
        List<Order> orders = PayloadCodec.decode(json, new TypeReference<List<Order>>() { }.getType());
        assertThat(orders).containsExactly(new Order("a", new BigDecimal("2.50"), null, null));
    }
}

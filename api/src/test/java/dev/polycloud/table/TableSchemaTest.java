package dev.polycloud.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Table schemas, keys and sort conditions")
class TableSchemaTest {

    private final TableSchema schema = TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG);

    @Test
    @DisplayName("the key of an item is read from its key attributes")
    void keyOf() {
        Item item = Item.builder().put("pk", "a").put("sk", 5L).put("other", "x").build();
        assertThat(schema.keyOf(item)).isEqualTo(Key.of("a", 5L));
    }

    @Test
    @DisplayName("a missing or mistyped key attribute is INVALID_ARGUMENT naming it")
    void badKeys() {
        assertThatThrownBy(() -> schema.keyOf(Item.builder().put("pk", "a").build()))
                .isInstanceOf(CloudException.class).hasMessageContaining("'sk'");
        assertThatThrownBy(() -> schema.validate(Key.of("a", "not-a-long")))
                .isInstanceOf(CloudException.class).hasMessageContaining("must be LONG");
        assertThatThrownBy(() -> schema.validate(Key.of("", 1L)))
                .isInstanceOf(CloudException.class).hasMessageContaining("1 to 1024");
    }

    @Test
    @DisplayName("reserved attribute names are refused")
    void reservedNames() {
        assertThatThrownBy(() -> TableSchema.of("_pcVersion", KeyType.STRING))
                .isInstanceOf(CloudException.class).hasMessageContaining("reserved");
    }

    @Test
    @DisplayName("sort conditions match by key order, and begins-with by UTF-8 prefix")
    void sortConditions() {
        assertThat(SortKeyCondition.between(2L, 4L).matches(Value.of(4L))).isTrue();
        assertThat(SortKeyCondition.between(2L, 4L).matches(Value.of(5L))).isFalse();
        assertThat(SortKeyCondition.lt(0L).matches(Value.of(-1L))).isTrue();
        assertThat(SortKeyCondition.beginsWith("ab").matches(Value.of("abc"))).isTrue();
        assertThat(SortKeyCondition.beginsWith("ab").matches(Value.of("a"))).isFalse();
        assertThatThrownBy(() -> new SortKeyCondition(SortKeyCondition.Operator.BEGINS_WITH, Value.of(1L),
                java.util.Optional.empty())).isInstanceOf(CloudException.class);
    }
}

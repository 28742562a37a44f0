package dev.polycloud.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Item getters for every value type")
class ItemGettersTest {

    private final Item item = Item.builder().put("d", 1.5).put("b", true).put("bytes", new byte[] {1, 2})
            .put("l", Value.of(List.of(Value.of("x")))).put("m", Value.of(Map.of("k", Value.of(1L))))
            .put("s", "text").build();

    @Test
    @DisplayName("each getter returns its type, and empty when the attribute is absent")
    void typed() {
        assertThat(item.getDouble("d")).contains(1.5);
        assertThat(item.getBoolean("b")).contains(true);
        assertThat(item.getBytes("bytes")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
        assertThat(item.getList("l")).hasValueSatisfying(l -> assertThat(l).containsExactly(Value.of("x")));
        assertThat(item.getMap("m")).hasValueSatisfying(m -> assertThat(m).containsEntry("k", Value.of(1L)));
        assertThat(item.getDouble("absent")).isEmpty();
        assertThat(item.getMap("absent")).isEmpty();
    }

    @Test
    @DisplayName("a getter of the wrong type is INVALID_ARGUMENT, not IllegalStateException")
    void wrongType() {
        for (Runnable r : List.<Runnable>of(() -> item.getDouble("s"), () -> item.getBoolean("s"),
                () -> item.getBytes("s"), () -> item.getList("s"), () -> item.getMap("s"), () -> item.getLong("s"))) {
            CloudException e = catchThrowableOfType(r::run, CloudException.class);
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }
}

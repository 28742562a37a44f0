package dev.polycloud.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.TableSchema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code Polycloud.builder().objectMapper(..)} reaches every JSON the SDK writes or reads for the
 * application's objects on the calling side. The mapper here names properties in snake_case, which
 * the SDK's default mapper never does, so each assertion tells the two apart.
 */
@DisplayName("The application's ObjectMapper (Polycloud.builder().objectMapper)")
class ObjectMapperScopeTest {

    /** An application record: {@code orderId} is {@code order_id} under the custom mapper. */
    record Order(String orderId, BigDecimal total) {
    }

    /** Returns its input bytes untouched, so the test sees the JSON the caller's side wrote. */
    public static final class Echo implements FunctionHandler<byte[], byte[]> {
        @Override
        public byte[] handle(byte[] input, FunctionContext context) {
            return input;
        }
    }

    private static final ObjectMapper SNAKE = PayloadCodec.mapper().copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Cloud cloud;

    @BeforeEach
    void open() {
        cloud = Polycloud.builder().config(PolycloudConfig.builder().provider("local").build())
                .objectMapper(SNAKE).open();
    }

    @AfterEach
    void close() {
        cloud.close();
    }

    @Nested
    @DisplayName("for typed tables")
    class Tables {

        @BeforeEach
        void table() {
            cloud.table("orders").createTable(TableSchema.of("order_id", KeyType.STRING));
        }

        @Test
        @DisplayName("cloud.table(name, type) writes and reads attributes named by the custom mapper")
        void cloudTable() {
            cloud.table("orders", Order.class).put(new Order("o-1", new BigDecimal("13.50")));

            Item raw = cloud.table("orders").get(Key.of("o-1")).orElseThrow();
            assertThat(raw.attributes()).containsKeys("order_id", "total").doesNotContainKey("orderId");
            assertThat(cloud.table("orders", Order.class).get(Key.of("o-1")))
                    .contains(new Order("o-1", new BigDecimal("13.50")));
        }

        @Test
        @DisplayName("table.as(type) on a handle from the cloud uses the same mapper")
        void tableAs() {
            cloud.table("orders").as(Order.class).put(new Order("o-2", BigDecimal.ONE));

            assertThat(cloud.table("orders").get(Key.of("o-2")).orElseThrow().attributes()).containsKey("order_id");
        }
    }

    @Nested
    @DisplayName("for Functions.invoke")
    class Functions {

        @BeforeEach
        void deploy() {
            cloud.functions().deploy(FunctionSpec.builder("echo", Echo.class).build());
        }

        @Test
        @DisplayName("encodes the input and decodes the result (Class variant) with the custom mapper")
        void invokeClass() {
            Map<String, Object> seen = cloud.functions().invoke("echo", new Order("o-1", BigDecimal.TEN),
                    new TypeReference<Map<String, Object>>() { });
            assertThat(seen).containsKey("order_id").doesNotContainKey("orderId");

            assertThat(cloud.functions().invoke("echo", new Order("o-1", BigDecimal.TEN), Order.class))
                    .isEqualTo(new Order("o-1", BigDecimal.TEN));
        }

        @Test
        @DisplayName("decodes a generic result (TypeReference variant) with the custom mapper")
        void invokeTypeReference() {
            List<Order> orders = cloud.functions().invoke("echo", List.of(new Order("o-1", BigDecimal.ONE)),
                    new TypeReference<List<Order>>() { });
            assertThat(orders).containsExactly(new Order("o-1", BigDecimal.ONE));
            assertThat(new String(cloud.functions().invoke("echo",
                    PayloadCodec.encode(List.of(new Order("o-1", BigDecimal.ONE)), SNAKE)),
                    java.nio.charset.StandardCharsets.UTF_8)).contains("order_id");
        }
    }
}

package dev.polycloud.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
@DisplayName("The Spring Boot orders example on the in-memory provider")
class OrdersBootApplicationTest {

    @Autowired
    private OrderService orders;

    @Autowired
    private Cloud cloud;

    @Autowired
    private HealthIndicator polycloudHealthIndicator;

    @Test
    @DisplayName("a placed order is confirmed by the @PolycloudListener through the order-events queue")
    void placedOrderIsConfirmed() throws InterruptedException {
        String id = orders.place("ada", "book", 2);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<Order> order = orders.find(id);
        while (!order.map(o -> o.status().equals("CONFIRMED")).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            order = orders.find(id);
        }
        assertThat(order).hasValueSatisfying(o -> {
            assertThat(o.status()).isEqualTo("CONFIRMED");
            assertThat(o.customer()).isEqualTo("ada");
            assertThat(o.quantity()).isEqualTo(2);
        });
    }

    @Test
    @DisplayName("runs on the in-memory provider, and the polycloud health indicator reports UP")
    void health() {
        assertThat(cloud.provider()).isEqualTo("local");
        assertThat(polycloudHealthIndicator.health().getStatus()).isEqualTo(Status.UP);
    }
}

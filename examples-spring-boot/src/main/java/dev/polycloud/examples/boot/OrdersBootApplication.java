package dev.polycloud.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The orders flow as a Spring Boot application: {@link OrderService} stores an order in the {@code orders} table and
 * announces it on the {@code order-events} queue; {@link ShippingListener} confirms it. The cloud, the table and the
 * queue are beans of the Polycloud starter, configured in {@code application.properties}; the provider is the
 * in-memory one unless {@code polycloud.provider} says otherwise.
 */
@SpringBootApplication
public class OrdersBootApplication {

    /** Created by Spring. */
    public OrdersBootApplication() {
    }

    /**
     * Runs the application.
     *
     * @param args Spring Boot arguments, for example {@code --polycloud.provider=aws}
     */
    public static void main(String[] args) {
        SpringApplication.run(OrdersBootApplication.class, args);
    }
}

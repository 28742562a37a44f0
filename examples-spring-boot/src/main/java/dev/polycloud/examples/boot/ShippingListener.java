package dev.polycloud.examples.boot;

import dev.polycloud.spring.boot.PolycloudListener;
import org.springframework.stereotype.Component;

/** Confirms each order announced on the {@code order-events} queue. Thread-safe. */
@Component
public class ShippingListener {

    private final OrderService orders;

    /**
     * Creates the listener.
     *
     * @param orders the order service
     */
    public ShippingListener(OrderService orders) {
        this.orders = orders;
    }

    /**
     * Handles one order event: the body is the order id. Throwing nacks it for redelivery.
     *
     * @param orderId the id
     */
    @PolycloudListener("order-events")
    public void onOrderPlaced(String orderId) {
        orders.confirm(orderId);
    }
}

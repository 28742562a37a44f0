package dev.polycloud.examples.boot;

import dev.polycloud.queue.Queue;
import dev.polycloud.table.Items;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Places and reads orders. The {@code ordersTable} and {@code orderEventsQueue} beans come from
 * {@code polycloud.tables} and {@code polycloud.queues}. Thread-safe.
 */
@Service
public class OrderService {

    /** The key schema of the orders table. */
    public static final TableSchema SCHEMA = TableSchema.of("id", KeyType.STRING);

    private final Table orders;
    private final Queue events;

    /**
     * Creates the service and the table (a no-op when it exists).
     *
     * @param orders the orders table
     * @param events the order-events queue
     */
    public OrderService(@Qualifier("ordersTable") Table orders, @Qualifier("orderEventsQueue") Queue events) {
        this.orders = orders.createTable(SCHEMA);
        this.events = events.create();
    }

    /**
     * Stores a new order and announces it.
     *
     * @param customer who orders
     * @param item what
     * @param quantity how many
     * @return the new order's id
     */
    public String place(String customer, String item, long quantity) {
        String id = UUID.randomUUID().toString();
        orders.insert(Items.fromObject(new Order(id, customer, item, quantity, "PLACED")));
        events.send(id);
        return id;
    }

    /**
     * Reads an order.
     *
     * @param id the order id
     * @return the order, or empty when there is none
     */
    public Optional<Order> find(String id) {
        return orders.get(Key.of(id)).map(i -> i.as(Order.class));
    }

    /**
     * Marks an order confirmed.
     *
     * @param id the order id
     */
    public void confirm(String id) {
        orders.update(Key.of(id), current -> current.orElseThrow().toBuilder().put("status", "CONFIRMED").build());
    }
}

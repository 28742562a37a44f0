package dev.polycloud.examples.orders;

import dev.polycloud.table.Item;

/**
 * An order as the API accepts and returns it.
 *
 * @param id the order id (assigned by the service)
 * @param customer who ordered
 * @param item what
 * @param quantity how many, at least 1
 * @param status {@code CREATED} when stored
 */
public record Order(String id, String customer, String item, long quantity, String status) {

    /**
     * The order as a table item (the record maps field by field through Jackson).
     *
     * @return the item
     */
    public Item toItem() {
        return dev.polycloud.table.Items.fromObject(this);
    }
}

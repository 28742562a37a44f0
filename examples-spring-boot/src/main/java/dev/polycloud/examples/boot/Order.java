package dev.polycloud.examples.boot;

/**
 * An order as stored in the {@code orders} table.
 *
 * @param id the order id (partition key)
 * @param customer who ordered
 * @param item what
 * @param quantity how many
 * @param status {@code PLACED}, then {@code CONFIRMED}
 */
public record Order(String id, String customer, String item, long quantity, String status) {
}

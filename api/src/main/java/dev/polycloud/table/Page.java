package dev.polycloud.table;

import java.util.List;
import java.util.Optional;

/**
 * One page of a query or scan.
 *
 * @param items the items of this page
 * @param cursor an opaque cursor to resume after this page, or empty when there is nothing more
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<String> cursor) {

    /**
     * Copies the components.
     *
     * @param items see the record description
     * @param cursor see the record description
     * @throws NullPointerException for null components
     */
    public Page {
        items = List.copyOf(items);
        cursor = cursor == null ? Optional.empty() : cursor;
    }
}

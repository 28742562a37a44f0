package dev.polycloud.function;

import java.util.List;
import java.util.Objects;

/**
 * The event a table trigger hands to a function: changes in order.
 *
 * @param table the portable table name
 * @param changes the changes, oldest first
 */
public record TableChangeBatch(String table, List<TableChange> changes) {

    /**
     * Copies the list.
     *
     * @param table see the record description
     * @param changes see the record description
     */
    public TableChangeBatch {
        Objects.requireNonNull(table, "table");
        changes = List.copyOf(changes);
    }
}

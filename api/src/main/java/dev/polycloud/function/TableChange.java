package dev.polycloud.function;

import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of a table item, as a table trigger delivers it. Changes of one key arrive in the
 * order they happened.
 *
 * @param id a unique id of this change (use it in {@link BatchResult#failed(String...)})
 * @param type insert, modify or remove
 * @param key the item's key
 * @param oldItem the item before the change (absent for an insert)
 * @param newItem the item after the change (absent for a remove)
 */
public record TableChange(String id, Type type, Key key, Optional<Item> oldItem, Optional<Item> newItem) {

    /** The kind of change. */
    public enum Type {
        /** A new item. */
        INSERT,
        /** An item overwritten. */
        MODIFY,
        /** An item deleted. */
        REMOVE
    }

    /**
     * Checks the components.
     *
     * @param id see the record description
     * @param type see the record description
     * @param key see the record description
     * @param oldItem see the record description
     * @param newItem see the record description
     */
    public TableChange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        oldItem = oldItem == null ? Optional.empty() : oldItem;
        newItem = newItem == null ? Optional.empty() : newItem;
    }
}

package dev.polycloud.table;

import java.util.Objects;

/** One unconditional write of a batch: a put or a delete. */
public sealed interface WriteOperation permits WriteOperation.Put, WriteOperation.Delete {

    /**
     * An upsert of an item.
     *
     * @param item the item
     * @return the operation
     */
    static WriteOperation put(Item item) {
        return new Put(item);
    }

    /**
     * A delete of a key (nothing happens if it is absent).
     *
     * @param key the key
     * @return the operation
     */
    static WriteOperation delete(Key key) {
        return new Delete(key);
    }

    /**
     * An upsert.
     *
     * @param item the item
     */
    record Put(Item item) implements WriteOperation {
        /**
         * Checks the component.
         *
         * @param item see the record description
         * @throws NullPointerException for null
         */
        public Put {
            Objects.requireNonNull(item, "item");
        }
    }

    /**
     * A delete.
     *
     * @param key the key
     */
    record Delete(Key key) implements WriteOperation {
        /**
         * Checks the component.
         *
         * @param key see the record description
         * @throws NullPointerException for null
         */
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }
}

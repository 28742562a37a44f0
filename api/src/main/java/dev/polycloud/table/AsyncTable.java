package dev.polycloud.table;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a {@link Table} ({@code table.async()}): get, put, insert and one query page
 * returning {@link CompletableFuture}s, with the validation, versions, error codes and retries of
 * the blocking calls (shared code). A {@code null} argument throws {@link NullPointerException} at
 * once; every other failure completes the future exceptionally with a
 * {@link dev.polycloud.CloudException}. The first call on a handle that has not yet seen the
 * table's schema reads it (a blocking call); later calls do not. Thread-safe.
 */
public final class AsyncTable {

    private final Table table;

    AsyncTable(Table table) {
        this.table = table;
    }

    /**
     * Reads an item, as {@link Table#get(Key)}.
     *
     * @param key the key
     * @return the item with its version, or empty when absent
     */
    public CompletableFuture<Optional<Item>> get(Key key) {
        return table.getAsync(Objects.requireNonNull(key, "key"));
    }

    /**
     * Writes an item whatever is there, as {@link Table#put(Item)}.
     *
     * @param item the item, key attributes included
     * @return the item as stored, with its new version
     */
    public CompletableFuture<Item> put(Item item) {
        return put(item, WriteCondition.always());
    }

    /**
     * Writes an item if the condition holds, as {@link Table#put(Item, WriteCondition)}.
     *
     * @param item the item
     * @param condition the condition
     * @return the item as stored, with its new version
     */
    public CompletableFuture<Item> put(Item item, WriteCondition condition) {
        return table.putAsync(Objects.requireNonNull(item, "item"), Objects.requireNonNull(condition, "condition"));
    }

    /**
     * Inserts an item only if no item has its key, as {@link Table#insert(Item)}; the future fails
     * with {@link dev.polycloud.ErrorCode#ALREADY_EXISTS} when the key is taken.
     *
     * @param item the item
     * @return the item as stored, with its version
     */
    public CompletableFuture<Item> insert(Item item) {
        return put(item, WriteCondition.mustNotExist());
    }

    /**
     * One page of a query, as {@link Table#query(Query)}.
     *
     * @param query the query
     * @return the page, with a cursor when more items may follow
     */
    public CompletableFuture<Page<Item>> query(Query query) {
        return table.queryAsync(Objects.requireNonNull(query, "query"));
    }
}

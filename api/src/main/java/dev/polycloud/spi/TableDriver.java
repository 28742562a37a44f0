package dev.polycloud.spi;

import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.Page;
import dev.polycloud.table.Query;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.WriteCondition;
import dev.polycloud.table.WriteOperation;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A provider's driver for one table. The portable layer has validated names, keys, item size
 * and limits. Operations on a missing table (but {@link #exists()} and {@link #schema()}) throw
 * {@link dev.polycloud.ErrorCode#NOT_FOUND}. Items handed to the driver carry the version to
 * store; items returned must carry the stored version.
 */
public interface TableDriver {

    /**
     * Creates the table, or does nothing if it exists with the same schema.
     *
     * @param schema the key schema
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#ALREADY_EXISTS} when it exists with another schema
     */
    void create(TableSchema schema);

    /** Deletes the table and its items. */
    void delete();

    /**
     * Whether the table exists.
     *
     * @return true if it exists
     */
    boolean exists();

    /**
     * The table's key schema.
     *
     * @return the schema, or empty when the table does not exist
     */
    Optional<TableSchema> schema();

    /**
     * Reads one item.
     *
     * @param key a validated key
     * @return the item with its version, or empty
     */
    Optional<Item> get(Key key);

    /**
     * Writes an item atomically if the condition holds.
     *
     * @param item the item, carrying the new version to store
     * @param condition the condition: fails with ALREADY_EXISTS, NOT_FOUND or PRECONDITION_FAILED as
     *                  {@link WriteCondition} describes
     */
    void write(Item item, WriteCondition condition);

    /**
     * Deletes an item atomically if the condition holds; deleting an absent key with
     * {@link WriteCondition#always()} does nothing.
     *
     * @param key the key
     * @param condition the condition
     */
    void delete(Key key, WriteCondition condition);

    /**
     * One page of a query.
     *
     * @param query the query (with its cursor, if any)
     * @param pageSize the most items to return, at most the declared {@code maxPageSize}
     * @return the page, with a cursor when more items may follow
     */
    Page<Item> query(Query query, int pageSize);

    /**
     * One page of a scan.
     *
     * @param cursor where to resume, or empty
     * @param pageSize the most items to return
     * @return the page, with a cursor when more items may follow
     */
    Page<Item> scan(Optional<String> cursor, int pageSize);

    /**
     * Reads several items.
     *
     * @param keys 1 to the declared {@code maxBatchGet} distinct keys
     * @return the items found, in any order
     */
    List<Item> batchGet(List<Key> keys);

    /**
     * Writes several items unconditionally (puts carry their new version).
     *
     * @param operations 1 to the declared {@code maxBatchWrite} operations on distinct keys
     */
    void batchWrite(List<WriteOperation> operations);

    /**
     * {@link #get(Key)} without blocking the caller. The default runs the blocking call on
     * {@link BlockingAsync}'s pool; drivers with an asynchronous client override it.
     *
     * @param key as for {@code get}
     * @return the item, or empty
     */
    default CompletableFuture<Optional<Item>> getAsync(Key key) {
        return BlockingAsync.supply(() -> get(key));
    }

    /**
     * {@link #write(Item, WriteCondition)} without blocking the caller; the default runs the
     * blocking call on {@link BlockingAsync}'s pool.
     *
     * @param item as for {@code write}
     * @param condition as for {@code write}
     * @return completed when written
     */
    default CompletableFuture<Void> writeAsync(Item item, WriteCondition condition) {
        return BlockingAsync.run(() -> write(item, condition));
    }

    /**
     * {@link #query(Query, int)} without blocking the caller; the default runs the blocking call
     * on {@link BlockingAsync}'s pool.
     *
     * @param query as for {@code query}
     * @param pageSize as for {@code query}
     * @return the page
     */
    default CompletableFuture<Page<Item>> queryAsync(Query query, int pageSize) {
        return BlockingAsync.supply(() -> query(query, pageSize));
    }
}

package dev.polycloud.spi;

import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.Page;
import dev.polycloud.table.Query;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.WriteCondition;
import dev.polycloud.table.WriteOperation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A provider's driver for one table. The portable layer has validated names, keys, item size
 * and limits, and passes the table's key schema to every item operation (from {@code createTable},
 * from the user, or read once with {@link #schema()}), so a driver never describes the table
 * itself. The driver contract of {@link dev.polycloud.spi} holds (no retries, per-entry batch results,
 * safe for concurrent use, mapped error codes). Operations on a missing table (but {@link #exists()} and {@link #schema()}) throw
 * {@link dev.polycloud.ErrorCode#NOT_FOUND}. Items handed to the driver carry the version to
 * store; items returned must carry the stored version.
 *
 * <p>Cursors: a driver returns and receives only its own <em>position</em> strings (in
 * {@link Page#cursor()} and {@link Query#cursor()}); the portable layer wraps them in the one
 * versioned envelope bound to the table and query, and hands a driver back only positions it
 * produced for the same table, schema and query.
 *
 * <p>Conditional writes: a store without the native condition may implement it with a bounded
 * compare-and-swap loop (read, write on a precondition, read again when only the precondition lost a
 * race): that is the translation of one atomic operation, not a retry. A failed request is thrown with
 * its mapped code and never repeated by the driver.
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
     * @param schema the table's key schema
     * @param key a validated key
     * @return the item with its version, or empty
     */
    Optional<Item> get(TableSchema schema, Key key);

    /**
     * Writes an item atomically if the condition holds.
     *
     * @param schema the table's key schema
     * @param item the item, carrying the new version to store
     * @param condition the condition: fails with ALREADY_EXISTS, NOT_FOUND or PRECONDITION_FAILED as
     *                  {@link WriteCondition} describes
     */
    void write(TableSchema schema, Item item, WriteCondition condition);

    /**
     * Deletes an item atomically if the condition holds; deleting an absent key with
     * {@link WriteCondition#always()} does nothing.
     *
     * @param schema the table's key schema
     * @param key the key
     * @param condition the condition
     */
    void delete(TableSchema schema, Key key, WriteCondition condition);

    /**
     * One page of a query.
     *
     * @param schema the table's key schema
     * @param query the query; its cursor, if any, is a position this driver returned for the same query
     * @param pageSize the most items to return, at most the declared {@code maxPageSize}
     * @return the page, with the driver's position when more items may follow
     */
    Page<Item> query(TableSchema schema, Query query, int pageSize);

    /**
     * One page of a scan.
     *
     * @param schema the table's key schema
     * @param position where to resume (a position this driver returned for a scan), or empty
     * @param pageSize the most items to return
     * @return the page, with the driver's position when more items may follow
     */
    Page<Item> scan(TableSchema schema, Optional<String> position, int pageSize);

    /**
     * Reads several items, each request once. Keys the store left unprocessed are failed entries
     * with {@link dev.polycloud.ErrorCode#THROTTLED}; the portable layer asks again for those only.
     * {@link #found(TableSchema, List, Collection)} builds the outcome of a driver whose store answers
     * all keys or fails whole.
     *
     * @param schema the table's key schema
     * @param keys 1 to the declared {@code maxBatchGet} distinct keys
     * @return one entry per key, in order: the item, empty when absent, or the failure
     * @throws dev.polycloud.CloudException when the whole call failed, for example
     *                                      {@link dev.polycloud.ErrorCode#NOT_FOUND} for a missing table
     */
    BatchOutcome<Optional<Item>> batchGet(TableSchema schema, List<Key> keys);

    /**
     * The outcome of a batch get in which every key was answered: each key's item, or empty.
     *
     * @param schema the table's key schema
     * @param keys the keys asked for, in order
     * @param items the items found, in any order
     * @return one entry per key
     */
    static BatchOutcome<Optional<Item>> found(TableSchema schema, List<Key> keys, Collection<Item> items) {
        Map<Key, Item> byKey = new HashMap<>();
        for (Item item : items) {
            byKey.put(schema.keyOf(item), item);
        }
        List<Optional<Item>> values = new ArrayList<>(keys.size());
        for (Key key : keys) {
            values.add(Optional.ofNullable(byKey.get(key)));
        }
        return BatchOutcome.succeeded(values);
    }

    /**
     * Writes several items unconditionally (puts carry their new version), each request once. The
     * driver may split them into several requests (or transactions) to fit its store's limits.
     * Operations the store left unprocessed are failed entries with
     * {@link dev.polycloud.ErrorCode#THROTTLED}; the portable layer resends those only. Puts and
     * deletes are idempotent, so a resent entry that had in fact been applied does no harm.
     *
     * @param schema the table's key schema
     * @param operations 1 to the declared {@code maxBatchWrite} operations on distinct keys
     * @return one entry per operation, in order
     * @throws dev.polycloud.CloudException when the whole call failed, for example
     *                                      {@link dev.polycloud.ErrorCode#NOT_FOUND} for a missing table
     */
    BatchOutcome<Void> batchWrite(TableSchema schema, List<WriteOperation> operations);

    /**
     * Adds to a long attribute atomically with the store's own increment, where it has one. The
     * default returns empty, and the portable layer then runs its conditional read-modify-write
     * loop ({@link dev.polycloud.table.Table#update}) instead.
     *
     * @param schema the table's key schema
     * @param key a validated key
     * @param attribute the attribute (not a key attribute); absent counts as 0, and an absent item is
     *                  created with the key attributes and this attribute
     * @param delta what to add
     * @param version the new version to store
     * @return the item as stored, with its version; or empty when the store has no atomic increment
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} when the
     *                                      attribute holds something other than a long
     */
    default Optional<Item> increment(TableSchema schema, Key key, String attribute, long delta, String version) {
        return Optional.empty();
    }

    /**
     * {@link #get(TableSchema, Key)} without blocking the caller. The default runs the blocking call on
     * {@link BlockingAsync}'s pool; drivers with an asynchronous client override it.
     *
     * @param schema as for {@code get}
     * @param key as for {@code get}
     * @return the item, or empty
     */
    default CompletableFuture<Optional<Item>> getAsync(TableSchema schema, Key key) {
        return BlockingAsync.supply(() -> get(schema, key));
    }

    /**
     * {@link #write(TableSchema, Item, WriteCondition)} without blocking the caller; the default runs the
     * blocking call on {@link BlockingAsync}'s pool.
     *
     * @param schema as for {@code write}
     * @param item as for {@code write}
     * @param condition as for {@code write}
     * @return completed when written
     */
    default CompletableFuture<Void> writeAsync(TableSchema schema, Item item, WriteCondition condition) {
        return BlockingAsync.run(() -> write(schema, item, condition));
    }

    /**
     * {@link #query(TableSchema, Query, int)} without blocking the caller; the default runs the blocking call
     * on {@link BlockingAsync}'s pool.
     *
     * @param schema as for {@code query}
     * @param query as for {@code query}
     * @param pageSize as for {@code query}
     * @return the page
     */
    default CompletableFuture<Page<Item>> queryAsync(TableSchema schema, Query query, int pageSize) {
        return BlockingAsync.supply(() -> query(schema, query, pageSize));
    }
}

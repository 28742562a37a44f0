package dev.polycloud.local.tables;

import dev.polycloud.local.LocalBackend;
import dev.polycloud.local.LocalCloudProvider;
import dev.polycloud.local.internal.LocalAsync;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.TableDriver;
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
 * The in-memory driver of one table.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalTableDriver implements TableDriver {

    private final LocalBackend backend;
    private final String name;

    public LocalTableDriver(LocalBackend backend, String name) {
        this.backend = backend;
        this.name = name;
    }

    @Override
    public void create(TableSchema schema) {
        LocalTable table = backend.tables().computeIfAbsent(name, n -> new LocalTable(n, schema));
        if (!table.schema().equals(schema)) {
            throw new CloudException(ErrorCode.ALREADY_EXISTS, "Table '" + name + "' exists with another schema "
                    + table.schema(), LocalCloudProvider.ID, "table " + name, null);
        }
    }

    @Override
    public void delete() {
        if (backend.tables().remove(name) == null) {
            throw LocalBackend.notFound("table", name);
        }
    }

    @Override
    public boolean exists() {
        return backend.tables().containsKey(name);
    }

    @Override
    public Optional<TableSchema> schema() {
        return Optional.ofNullable(backend.tables().get(name)).map(LocalTable::schema);
    }

    /** The table, checking that the schema the portable layer holds is the table's. */
    private LocalTable table(TableSchema schema) {
        LocalTable table = backend.table(name);
        if (!table.schema().equals(schema)) {
            throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Table '" + name + "' has the key schema "
                    + table.schema() + ", not " + schema, LocalCloudProvider.ID, "table " + name, null);
        }
        return table;
    }

    @Override
    public Optional<Item> get(TableSchema schema, Key key) {
        return table(schema).get(key);
    }

    @Override
    public void write(TableSchema schema, Item item, WriteCondition condition) {
        table(schema).write(item, condition);
    }

    @Override
    public void delete(TableSchema schema, Key key, WriteCondition condition) {
        table(schema).delete(key, condition);
    }

    @Override
    public Page<Item> query(TableSchema schema, Query query, int pageSize) {
        return table(schema).query(query, pageSize);
    }

    @Override
    public Page<Item> scan(TableSchema schema, Optional<String> position, int pageSize) {
        return table(schema).scan(position, pageSize);
    }

    @Override
    public BatchOutcome<Optional<Item>> batchGet(TableSchema schema, List<Key> keys) {
        return TableDriver.found(schema, keys, table(schema).batchGet(keys));
    }

    @Override
    public BatchOutcome<Void> batchWrite(TableSchema schema, List<WriteOperation> operations) {
        table(schema).batchWrite(operations);
        return BatchOutcome.allDone(operations.size());
    }

    @Override
    public Optional<Item> increment(TableSchema schema, Key key, String attribute, long delta, String version) {
        return Optional.of(table(schema).increment(key, attribute, delta, version));
    }

    @Override
    public CompletableFuture<Optional<Item>> getAsync(TableSchema schema, Key key) {
        return LocalAsync.now(() -> get(schema, key));
    }

    @Override
    public CompletableFuture<Void> writeAsync(TableSchema schema, Item item, WriteCondition condition) {
        return LocalAsync.now(() -> write(schema, item, condition));
    }

    @Override
    public CompletableFuture<Page<Item>> queryAsync(TableSchema schema, Query query, int pageSize) {
        return LocalAsync.now(() -> query(schema, query, pageSize));
    }
}

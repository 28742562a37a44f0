package dev.polycloud.local;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
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

/** The in-memory driver of one table. */
final class LocalTableDriver implements TableDriver {

    private final LocalBackend backend;
    private final String name;

    LocalTableDriver(LocalBackend backend, String name) {
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

    @Override
    public Optional<Item> get(Key key) {
        return backend.table(name).get(key);
    }

    @Override
    public void write(Item item, WriteCondition condition) {
        backend.table(name).write(item, condition);
    }

    @Override
    public void delete(Key key, WriteCondition condition) {
        backend.table(name).delete(key, condition);
    }

    @Override
    public Page<Item> query(Query query, int pageSize) {
        return backend.table(name).query(query, pageSize);
    }

    @Override
    public Page<Item> scan(Optional<String> cursor, int pageSize) {
        return backend.table(name).scan(cursor, pageSize);
    }

    @Override
    public List<Item> batchGet(List<Key> keys) {
        return backend.table(name).batchGet(keys);
    }

    @Override
    public void batchWrite(List<WriteOperation> operations) {
        backend.table(name).batchWrite(operations);
    }

    @Override
    public CompletableFuture<Optional<Item>> getAsync(Key key) {
        return LocalAsync.now(() -> get(key));
    }

    @Override
    public CompletableFuture<Void> writeAsync(Item item, WriteCondition condition) {
        return LocalAsync.now(() -> write(item, condition));
    }

    @Override
    public CompletableFuture<Page<Item>> queryAsync(Query query, int pageSize) {
        return LocalAsync.now(() -> query(query, pageSize));
    }
}

package dev.polycloud.local;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.TableChange;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.Page;
import dev.polycloud.table.Query;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.Value;
import dev.polycloud.table.WriteCondition;
import dev.polycloud.table.WriteOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One in-memory table: partitions in key order, each a sorted map of sort key to item. Every
 * operation holds the table's monitor, so conditional writes are atomic, and changes are handed
 * to listeners (table triggers) under it, so they see every change in order.
 */
final class LocalTable {

    /** The sort key used for tables without one. */
    private static final Value NO_SORT = Value.of("");

    private final String name;
    private final TableSchema schema;
    private final TreeMap<Value, TreeMap<Value, Item>> partitions = new TreeMap<>(Value::compareKeys);
    private final List<Consumer<TableChange>> listeners = new CopyOnWriteArrayList<>();

    LocalTable(String name, TableSchema schema) {
        this.name = name;
        this.schema = schema;
    }

    TableSchema schema() {
        return schema;
    }

    synchronized Optional<Item> get(Key key) {
        TreeMap<Value, Item> p = partitions.get(key.partition());
        return Optional.ofNullable(p == null ? null : p.get(sortOf(key)));
    }

    void addListener(Consumer<TableChange> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<TableChange> listener) {
        listeners.remove(listener);
    }

    synchronized void write(Item item, WriteCondition condition) {
        Key key = schema.keyOf(item);
        check(key, condition);
        Item old = partitions.computeIfAbsent(key.partition(), k -> new TreeMap<>(Value::compareKeys))
                .put(sortOf(key), item);
        emit(old == null ? TableChange.Type.INSERT : TableChange.Type.MODIFY, key, old, item);
    }

    synchronized void delete(Key key, WriteCondition condition) {
        check(key, condition);
        TreeMap<Value, Item> p = partitions.get(key.partition());
        if (p != null) {
            Item old = p.remove(sortOf(key));
            if (p.isEmpty()) {
                partitions.remove(key.partition());
            }
            if (old != null) {
                emit(TableChange.Type.REMOVE, key, old, null);
            }
        }
    }

    /** Adds to a long attribute under the monitor: atomic like a store's native increment. */
    synchronized Item increment(Key key, String attribute, long delta, String version) {
        Optional<Item> current = get(key);
        Item.Builder b = current.map(Item::toBuilder).orElseGet(() -> {
            Item.Builder fresh = Item.builder();
            schema.keyAttributes(key).forEach(fresh::put);
            return fresh;
        });
        long now = 0;
        Optional<Value> old = current.flatMap(i -> i.get(attribute));
        if (old.isPresent()) {
            if (!(old.get() instanceof Value.LongValue l)) {
                throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Attribute '" + attribute + "' is "
                        + old.get().type() + ", not LONG: it cannot be incremented", LocalCloudProvider.ID,
                        "table " + name, null);
            }
            now = l.value();
        }
        long next;
        try {
            next = Math.addExact(now, delta);
        } catch (ArithmeticException e) {
            throw new CloudException(ErrorCode.INVALID_ARGUMENT, "Incrementing attribute '" + attribute + "' by "
                    + delta + " overflows a long", LocalCloudProvider.ID, "table " + name, null);
        }
        Item updated = b.put(attribute, Value.of(next)).build().withVersion(version);
        write(updated, WriteCondition.always());
        return updated;
    }

    private void emit(TableChange.Type type, Key key, Item oldItem, Item newItem) {
        if (listeners.isEmpty()) {
            return;
        }
        TableChange change = new TableChange(UUID.randomUUID().toString(), type, key, Optional.ofNullable(oldItem),
                Optional.ofNullable(newItem));
        listeners.forEach(l -> l.accept(change));
    }

    synchronized Page<Item> query(Query query, int pageSize) {
        TreeMap<Value, Item> p = partitions.get(query.partition());
        if (p == null) {
            return new Page<>(List.of(), Optional.empty());
        }
        NavigableMap<Value, Item> view = query.descending() ? p.descendingMap() : p;
        if (query.cursor().isPresent()) {
            Key after = KeyCursor.decode(query.cursor().get());
            view = view.tailMap(sortOf(after), false);
        }
        List<Item> items = new ArrayList<>();
        boolean more = false;
        for (Map.Entry<Value, Item> e : view.entrySet()) {
            if (query.sortKey().isPresent() && !query.sortKey().get().matches(e.getKey())) {
                continue;
            }
            if (items.size() == pageSize) {
                more = true;
                break;
            }
            items.add(e.getValue());
        }
        return page(items, more);
    }

    synchronized Page<Item> scan(Optional<String> cursor, int pageSize) {
        List<Item> items = new ArrayList<>();
        boolean more = false;
        NavigableMap<Value, TreeMap<Value, Item>> parts = partitions;
        Key after = cursor.map(KeyCursor::decode).orElse(null);
        if (after != null) {
            parts = partitions.tailMap(after.partition(), true);
        }
        outer:
        for (Map.Entry<Value, TreeMap<Value, Item>> p : parts.entrySet()) {
            NavigableMap<Value, Item> rows = p.getValue();
            if (after != null && Value.compareKeys(p.getKey(), after.partition()) == 0) {
                rows = rows.tailMap(sortOf(after), false);
            }
            for (Item item : rows.values()) {
                if (items.size() == pageSize) {
                    more = true;
                    break outer;
                }
                items.add(item);
            }
        }
        return page(items, more);
    }

    synchronized List<Item> batchGet(List<Key> keys) {
        List<Item> found = new ArrayList<>();
        for (Key k : keys) {
            get(k).ifPresent(found::add);
        }
        return found;
    }

    synchronized void batchWrite(List<WriteOperation> operations) {
        for (WriteOperation op : operations) {
            if (op instanceof WriteOperation.Put put) {
                write(put.item(), WriteCondition.always());
            } else {
                delete(((WriteOperation.Delete) op).key(), WriteCondition.always());
            }
        }
    }

    private Page<Item> page(List<Item> items, boolean more) {
        Optional<String> next = more && !items.isEmpty()
                ? Optional.of(KeyCursor.encode(schema.keyOf(items.get(items.size() - 1))))
                : Optional.empty();
        return new Page<>(items, next);
    }

    private void check(Key key, WriteCondition condition) {
        Optional<Item> current = get(key);
        String resource = "table " + name;
        if (condition instanceof WriteCondition.MustNotExist && current.isPresent()) {
            throw new CloudException(ErrorCode.ALREADY_EXISTS, "An item with " + key + " already exists",
                    LocalCloudProvider.ID, resource, null);
        }
        if (condition instanceof WriteCondition.MustExist && current.isEmpty()) {
            throw new CloudException(ErrorCode.NOT_FOUND, "No item with " + key, LocalCloudProvider.ID, resource, null);
        }
        if (condition instanceof WriteCondition.IfVersion v
                && (current.isEmpty() || !current.get().version().orElse("").equals(v.version()))) {
            throw new CloudException(ErrorCode.PRECONDITION_FAILED, "The item with " + key
                    + (current.isEmpty() ? " no longer exists" : " has changed since version " + v.version()),
                    LocalCloudProvider.ID, resource, null);
        }
    }

    private static Value sortOf(Key key) {
        return key.sort().orElse(NO_SORT);
    }
}

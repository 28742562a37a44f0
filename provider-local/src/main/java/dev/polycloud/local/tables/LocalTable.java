package dev.polycloud.local.tables;

import dev.polycloud.local.LocalCloudProvider;
import dev.polycloud.local.internal.Ids;

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
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One in-memory table. Items live in a {@link ConcurrentHashMap} by key, so a get is one
 * lock-free lookup and writes to different keys do not contend; a sorted index of the keys
 * (partition, then sort key, in the order every provider sorts keys) serves queries and scans
 * and changes only when a key appears or disappears, not when an item is overwritten. A write
 * checks its condition and applies atomically per key (inside {@code compute}); changes are
 * handed to listeners (table triggers) there too, so each key's changes arrive in order.
 * Queries and scans are weakly consistent: they see every item present for their whole run.
 * Thread-safe.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalTable {

    /** The sort key used for tables without one. */
    private static final Value NO_SORT = Value.of("");

    private final String name;
    private final String resource;
    private final TableSchema schema;
    private final ConcurrentHashMap<Key, Item> items = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<IndexKey> index = new ConcurrentSkipListSet<>();
    private final List<Consumer<TableChange>> listeners = new CopyOnWriteArrayList<>();

    /**
     * A key in the sorted index; {@code edge} -1 or 1 makes a bound below or above every sort
     * value of the partition.
     */
    private record IndexKey(Value partition, Value sort, int edge, Key key) implements Comparable<IndexKey> {

        static IndexKey of(Key key) {
            return new IndexKey(key.partition(), sortOf(key), 0, key);
        }

        @Override
        public int compareTo(IndexKey o) {
            int c = compareKeyValues(partition, o.partition);
            if (c != 0) {
                return c;
            }
            if (edge != 0 || o.edge != 0) {
                return Integer.compare(edge, o.edge);
            }
            return compareKeyValues(sort, o.sort);
        }
    }

    LocalTable(String name, TableSchema schema) {
        this.name = name;
        this.resource = "table " + name;
        this.schema = schema;
    }

    TableSchema schema() {
        return schema;
    }

    Optional<Item> get(Key key) {
        return Optional.ofNullable(items.get(key));
    }

    public void addListener(Consumer<TableChange> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<TableChange> listener) {
        listeners.remove(listener);
    }

    void write(Item item, WriteCondition condition) {
        Key key = schema.keyOf(item);
        items.compute(key, (k, old) -> {
            check(k, old, condition);
            if (old == null) {
                index.add(IndexKey.of(k));
            }
            emit(old == null ? TableChange.Type.INSERT : TableChange.Type.MODIFY, k, old, item);
            return item;
        });
    }

    void delete(Key key, WriteCondition condition) {
        items.compute(key, (k, old) -> {
            check(k, old, condition);
            if (old != null) {
                index.remove(IndexKey.of(k));
                emit(TableChange.Type.REMOVE, k, old, null);
            }
            return null;
        });
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
        TableChange change = new TableChange(Ids.next(), type, key, Optional.ofNullable(oldItem),
                Optional.ofNullable(newItem));
        listeners.forEach(l -> l.accept(change));
    }

    Page<Item> query(Query query, int pageSize) {
        Value p = query.partition();
        NavigableSet<IndexKey> view = index.subSet(new IndexKey(p, NO_SORT, -1, null), false,
                new IndexKey(p, NO_SORT, 1, null), false);
        if (query.descending()) {
            view = view.descendingSet();
        }
        if (query.cursor().isPresent()) {
            Key after = KeyCursor.decode(query.cursor().get());
            view = view.tailSet(IndexKey.of(after), false);
        }
        List<Item> page = new ArrayList<>();
        boolean more = false;
        for (IndexKey k : view) {
            if (query.sortKey().isPresent() && !query.sortKey().get().matches(k.sort())) {
                continue;
            }
            Item item = items.get(k.key());
            if (item == null) {
                continue;
            }
            if (page.size() == pageSize) {
                more = true;
                break;
            }
            page.add(item);
        }
        return page(page, more);
    }

    Page<Item> scan(Optional<String> cursor, int pageSize) {
        NavigableSet<IndexKey> view = cursor.isPresent()
                ? index.tailSet(IndexKey.of(KeyCursor.decode(cursor.get())), false) : index;
        List<Item> page = new ArrayList<>();
        boolean more = false;
        for (IndexKey k : view) {
            Item item = items.get(k.key());
            if (item == null) {
                continue;
            }
            if (page.size() == pageSize) {
                more = true;
                break;
            }
            page.add(item);
        }
        return page(page, more);
    }

    List<Item> batchGet(List<Key> keys) {
        List<Item> found = new ArrayList<>(keys.size());
        for (Key k : keys) {
            Item item = items.get(k);
            if (item != null) {
                found.add(item);
            }
        }
        return found;
    }

    /** Applies each operation in turn (like the clouds' batch writes, not atomic as a whole). */
    void batchWrite(List<WriteOperation> operations) {
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

    private void check(Key key, Item current, WriteCondition condition) {
        if (condition instanceof WriteCondition.MustNotExist && current != null) {
            throw new CloudException(ErrorCode.ALREADY_EXISTS, "An item with " + key + " already exists",
                    LocalCloudProvider.ID, resource, null);
        }
        if (condition instanceof WriteCondition.MustExist && current == null) {
            throw new CloudException(ErrorCode.NOT_FOUND, "No item with " + key, LocalCloudProvider.ID, resource, null);
        }
        if (condition instanceof WriteCondition.IfVersion v
                && (current == null || !current.version().orElse("").equals(v.version()))) {
            throw new CloudException(ErrorCode.PRECONDITION_FAILED, "The item with " + key
                    + (current == null ? " no longer exists" : " has changed since version " + v.version()),
                    LocalCloudProvider.ID, resource, null);
        }
    }

    /**
     * {@link Value#compareKeys} without its per-comparison UTF-8 encoding: comparing strings by
     * code point is the same order as comparing their UTF-8 bytes.
     */
    static int compareKeyValues(Value a, Value b) {
        if (a instanceof Value.StringValue x && b instanceof Value.StringValue y) {
            return compareCodePoints(x.value(), y.value());
        }
        return Value.compareKeys(a, b);
    }

    /** Compares two strings in code point order (UTF-8 byte order), unlike {@link String#compareTo}. */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return Integer.compare(fixup(x), fixup(y));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Moves surrogates above the rest of the BMP, which turns UTF-16 order into code point order. */
    private static int fixup(char c) {
        if (c >= Character.MIN_SURROGATE) {
            return c <= Character.MAX_SURROGATE ? c + 0x2000 : c - 0x800;
        }
        return c;
    }

    private static Value sortOf(Key key) {
        return key.sort().orElse(NO_SORT);
    }
}

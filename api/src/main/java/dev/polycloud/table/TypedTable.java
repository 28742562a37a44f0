package dev.polycloud.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link Table} seen through a record or POJO type, mapped with Jackson: obtain one from
 * {@code cloud.table("orders", Order.class)} (the cloud's {@code ObjectMapper}) or
 * {@code table.as(Order.class)} (the same mapper).
 *
 * <pre>{@code
 * record Order(String customer, long id, BigDecimal total) {}
 * TypedTable<Order> orders = cloud.table("orders", Order.class);
 * orders.insert(new Order("ada", 42, new BigDecimal("13.50")));
 * Optional<Order> back = orders.get(Key.of("ada", 42L));   // total is 13.50, scale kept
 * }</pre>
 *
 * <p>Objects become items as {@link Items#fromObject(Object, ObjectMapper)} describes: {@code null}
 * fields are left out (never stored as NULL attributes), {@code BigDecimal} keeps its scale. Every
 * call goes through the same validation, retries and error codes as the {@link Table} it wraps; an
 * object that does not map is {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT}. Versions stay on
 * the item level: use {@link #table()} for conditional writes. Thread-safe if the mapper is (Jackson's are).
 *
 * @param <T> the item type
 */
public final class TypedTable<T> {

    private final Table table;
    private final Class<T> type;
    private final ObjectMapper mapper;

    TypedTable(Table table, Class<T> type, ObjectMapper mapper) {
        this.table = table;
        this.type = Objects.requireNonNull(type, "type");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * The untyped table behind this view.
     *
     * @return the table
     */
    public Table table() {
        return table;
    }

    /**
     * The type items map to.
     *
     * @return the class
     */
    public Class<T> type() {
        return type;
    }

    /**
     * Reads an item and maps it, as {@link Table#get(Key)}.
     *
     * @param key the key
     * @return the object, or empty when no item has the key
     */
    public Optional<T> get(Key key) {
        return table.get(key).map(this::toObject);
    }

    /**
     * Writes an object whatever is there, as {@link Table#put(Item)}.
     *
     * @param value the object, key attributes included
     */
    public void put(T value) {
        table.put(toItem(value));
    }

    /**
     * Writes an object only if no item has its key, as {@link Table#insert(Item)}.
     *
     * @param value the object
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#ALREADY_EXISTS} when the key is taken
     */
    public void insert(T value) {
        table.insert(toItem(value));
    }

    /**
     * Overwrites an item only if its key is present, as {@link Table#replace(Item)}.
     *
     * @param value the object
     * @throws dev.polycloud.CloudException {@link dev.polycloud.ErrorCode#NOT_FOUND} when the key is absent
     */
    public void replace(T value) {
        table.replace(toItem(value));
    }

    /**
     * Deletes an item, as {@link Table#delete(Key)}.
     *
     * @param key the key
     */
    public void delete(Key key) {
        table.delete(key);
    }

    /**
     * One page of a query, mapped, as {@link Table#query(Query)}.
     *
     * @param query the query
     * @return the page of objects, with the cursor of the underlying page
     */
    public Page<T> query(Query query) {
        Page<Item> page = table.query(query);
        return new Page<>(page.items().stream().map(this::toObject).toList(), page.cursor());
    }

    /**
     * All matching items, mapped and fetched lazily page by page, as {@link Table#queryStream(Query)}.
     *
     * @param query the query
     * @return a lazy stream; close it to stop early
     */
    public Stream<T> queryStream(Query query) {
        return table.queryStream(query).map(this::toObject);
    }

    /**
     * All items, mapped and fetched lazily page by page, as {@link Table#scanStream(Scan)}.
     *
     * @param scan the scan
     * @return a lazy stream; close it to stop early
     */
    public Stream<T> scanStream(Scan scan) {
        return table.scanStream(scan).map(this::toObject);
    }

    private Item toItem(T value) {
        return Items.fromObject(Objects.requireNonNull(value, "value"), mapper);
    }

    private T toObject(Item item) {
        return Items.toObject(item, type, mapper);
    }

    @Override
    public String toString() {
        return "TypedTable[" + table.name() + " as " + type.getSimpleName() + "]";
    }
}

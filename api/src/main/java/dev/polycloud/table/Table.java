package dev.polycloud.table;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.internal.Retrier;
import dev.polycloud.spi.TableDriver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A NoSQL table: DynamoDB, Azure Table Storage (or Cosmos DB's Table API), Firestore, or in
 * memory. Obtain one from {@link dev.polycloud.Cloud#table(String)}; handles are thread-safe.
 *
 * <pre>{@code
 * Table orders = cloud.table("orders").createTable(TableSchema.of("customer", KeyType.STRING, "id", KeyType.LONG));
 * orders.insert(Item.builder().put("customer", "ada").put("id", 42L).put("total", new BigDecimal("13.50")).build());
 * Optional<Item> got = orders.get(Key.of("ada", 42L));
 * orders.update(Key.of("ada", 42L), current -> current.orElseThrow().toBuilder().put("status", "PAID").build());
 * }</pre>
 *
 * <p>Items are maps of typed {@link Value}s keyed by a partition key and an optional sort key
 * ({@link TableSchema}). Every write stores a new opaque {@linkplain Item#version() version};
 * conditional writes use it for optimistic concurrency, so no update is lost. Keys, attribute
 * names, nesting, strings (no unpaired UTF-16 surrogate), the key size (the provider's
 * {@link TableCapabilities#maxKeyBytes()}) and the item size ({@link ItemSize} against the
 * provider's {@code maxItemBytes}) are checked before any network call
 * ({@link ErrorCode#INVALID_ARGUMENT}). Any operation on a missing table is {@link ErrorCode#NOT_FOUND}.
 *
 * <p><b>Order of checks.</b> Everything that needs no key schema is checked first; then the key
 * schema is taken from what this handle knows — the schema given to {@link #createTable} or to
 * {@link #assumeSchema} ({@code cloud.table(name, schema)}) — and read from the provider (once per
 * handle) only when neither is known; then the call goes to the network. So with a known schema,
 * bad input never causes a network call.
 *
 * <p><b>Cursors</b> are opaque and versioned, made and checked here for every provider: a cursor is
 * bound to its table and to what produced it (scan, or query with its partition, sort-key condition
 * and order). A cursor used elsewhere is {@link ErrorCode#INVALID_ARGUMENT} "the cursor belongs to
 * another query", a damaged or foreign string INVALID_ARGUMENT "malformed cursor", both before any
 * network call. The page size (limit) may change between pages.
 */
public final class Table {

    /** The most keys or writes one portable batch takes; larger work must be split by the caller. */
    public static final int MAX_BATCH = 1000;
    /** How many times {@link #update(Key, Function)} retries after a concurrent write. */
    public static final int MAX_UPDATE_ATTEMPTS = 100;

    private final String name;
    private final String resource;
    private final TableDriver driver;
    private final TableCapabilities capabilities;
    private final Retrier retrier;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;
    private volatile TableSchema schema;

    static {
        dev.polycloud.internal.Handles.tables(Table::new);
    }

    /**
     * Used by {@link dev.polycloud.Cloud} through {@link dev.polycloud.internal.Handles}; applications call
     * {@code cloud.table(name)}.
     *
     * @param name the validated portable name
     * @param driver the provider's driver
     * @param capabilities the provider's table capabilities
     * @param retrier the retrier for driver calls
     * @param mapper the cloud's Jackson mapper, for {@link #as(Class)}, or null for the shared one
     */
    Table(String name, TableDriver driver, TableCapabilities capabilities, Retrier retrier,
          com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.mapper = mapper; // null: the shared PayloadCodec mapper, loaded on first typed use
        this.name = Objects.requireNonNull(name, "name");
        this.resource = "table " + name;
        this.driver = driver;
        this.capabilities = capabilities;
        this.retrier = retrier;
    }

    /**
     * The portable name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * A typed view of this table mapped with the cloud's Jackson mapper
     * ({@code Polycloud.builder().objectMapper(..)}, by default
     * {@link dev.polycloud.function.PayloadCodec#mapper()}), as {@code cloud.table(name, type)}.
     *
     * @param type the record or POJO class
     * @param <T> the item type
     * @return the typed view
     */
    public <T> TypedTable<T> as(Class<T> type) {
        return as(type, mapper != null ? mapper : dev.polycloud.function.PayloadCodec.mapper());
    }

    /**
     * A typed view of this table mapped with the given Jackson mapper.
     *
     * @param type the record or POJO class
     * @param mapper the mapper
     * @param <T> the item type
     * @return the typed view
     */
    public <T> TypedTable<T> as(Class<T> type, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        return new TypedTable<>(this, type, mapper);
    }

    /**
     * Creates the table, or does nothing if it exists with the same schema.
     *
     * @param newSchema the key schema
     * @return this table
     * @throws CloudException {@link ErrorCode#ALREADY_EXISTS} when it exists with another schema
     */
    public Table createTable(TableSchema newSchema) {
        Objects.requireNonNull(newSchema, "schema");
        retrier.run(resource, "createTable", () -> driver.create(newSchema));
        schema = newSchema;
        return this;
    }

    /**
     * Tells this handle the key schema of a table it did not create, so that it never has to read
     * it from the provider and can check every key before any network call. Nothing is sent; a
     * schema that differs from the table's shows up as {@link ErrorCode#INVALID_ARGUMENT} on keys
     * that do not fit it, or as failures from the provider.
     *
     * @param known the table's key schema
     * @return this table
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} when this handle already knows another schema
     */
    public Table assumeSchema(TableSchema known) {
        Objects.requireNonNull(known, "schema");
        synchronized (this) {
            TableSchema current = schema;
            if (current != null && !current.equals(known)) {
                throw CloudException.invalidArgument("Table '" + name + "' is known with the key schema " + current
                        + ", not " + known);
            }
            schema = known;
        }
        return this;
    }

    /**
     * Deletes the table and all its items.
     *
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when it does not exist
     */
    public void deleteTable() {
        retrier.run(resource, "deleteTable", driver::delete);
        schema = null;
    }

    /**
     * Whether the table exists.
     *
     * @return true if it exists
     */
    public boolean exists() {
        return retrier.call(resource, "exists", driver::exists);
    }

    /**
     * A health check of this table for probes (Kubernetes, Spring Boot Actuator): UP when it exists; DOWN when it
     * does not ({@code NOT_FOUND}), when the provider fails or refuses the call (the error code and message in
     * {@link dev.polycloud.Health.Check#detail()}), or when no answer came within five seconds. Never throws for an
     * unreachable provider; creates nothing. Thread-safe.
     *
     * @return the check
     */
    public dev.polycloud.Health.Check check() {
        return check(dev.polycloud.internal.HealthChecks.DEFAULT_TIMEOUT);
    }

    /**
     * A health check of this table within {@code timeout}, as {@link #check()}; the call returns after at most
     * about the timeout.
     *
     * @param timeout how long to wait; positive
     * @return the check
     * @throws dev.polycloud.CloudException {@code INVALID_ARGUMENT} for a timeout that is not positive
     * @throws NullPointerException when {@code timeout} is null
     */
    public dev.polycloud.Health.Check check(java.time.Duration timeout) {
        return dev.polycloud.internal.HealthChecks.check("table " + name, this::exists, timeout);
    }

    /**
     * The key schema (read once per handle, then cached).
     *
     * @return the schema
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when the table does not exist
     */
    public TableSchema schema() {
        TableSchema current = schema;
        if (current == null) {
            current = retrier.call(resource, "describe", driver::schema).orElseThrow(() -> new CloudException(
                    ErrorCode.NOT_FOUND, "Table '" + name + "' does not exist", retrier.provider(), resource, null));
            schema = current;
        }
        return current;
    }

    /**
     * Reads an item.
     *
     * @param key the key
     * @return the item with its version, or empty when absent
     */
    public Optional<Item> get(Key key) {
        checkKey(key);
        TableSchema s = schema();
        s.validate(key);
        return retrier.call(resource, "get", () -> driver.get(s, key));
    }

    /**
     * Writes an item whatever is there (upsert).
     *
     * @param item the item, key attributes included
     * @return the item as stored, with its new version
     */
    public Item put(Item item) {
        return put(item, WriteCondition.always());
    }

    /**
     * Writes an item if the condition holds.
     *
     * @param item the item, key attributes included
     * @param condition the condition
     * @return the item as stored, with its new version
     * @throws CloudException {@link ErrorCode#ALREADY_EXISTS}, {@link ErrorCode#NOT_FOUND} or
     *                        {@link ErrorCode#PRECONDITION_FAILED} when the condition does not hold
     */
    public Item put(Item item, WriteCondition condition) {
        Objects.requireNonNull(condition, "condition");
        Item versioned = checkedPut(item);
        TableSchema s = schema();
        retrier.run(resource, "put", () -> driver.write(s, versioned, condition));
        return versioned;
    }

    /** Validates an item to write and gives it its new version (shared by the blocking and async put). */
    private Item checkedPut(Item item) {
        Objects.requireNonNull(item, "item");
        ItemValidator.validateContent(item, capabilities.maxItemBytes());
        checkKey(schema().keyOf(item));
        return item.withVersion(newVersion());
    }

    /**
     * The asynchronous view of this table: get, put and query pages returning futures, with the same
     * validation, error codes and retries.
     *
     * @return the asynchronous view (cheap; no network call)
     */
    public AsyncTable async() {
        return new AsyncTable(this);
    }

    /** The asynchronous get behind {@link AsyncTable}. */
    CompletableFuture<Optional<Item>> getAsync(Key key) {
        TableSchema s;
        try {
            checkKey(key);
            s = schema();
            s.validate(key);
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        }
        return retrier.callAsync(resource, "get", () -> driver.getAsync(s, key));
    }

    /** The asynchronous put behind {@link AsyncTable}. */
    CompletableFuture<Item> putAsync(Item item, WriteCondition condition) {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(condition, "condition");
        TableSchema s;
        Item versioned;
        try {
            versioned = checkedPut(item);
            s = schema();
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        }
        return retrier.callAsync(resource, "put", () -> driver.writeAsync(s, versioned, condition))
                .thenApply(done -> versioned);
    }

    /** The asynchronous query page behind {@link AsyncTable}. */
    CompletableFuture<Page<Item>> queryAsync(Query query) {
        Objects.requireNonNull(query, "query");
        PreparedQuery q;
        try {
            q = prepare(query);
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        }
        return retrier.callAsync(resource, "query", () -> driver.queryAsync(q.schema(), q.forDriver(), q.pageSize()))
                .thenApply(q::wrap);
    }

    /**
     * Inserts an item only if no item has its key ("insert if absent"). Not to be confused with
     * {@link #createTable}, which creates the table itself.
     *
     * @param item the item
     * @return the item as stored, with its version
     * @throws CloudException {@link ErrorCode#ALREADY_EXISTS} when the key is taken
     */
    public Item insert(Item item) {
        return put(item, WriteCondition.mustNotExist());
    }

    /**
     * Overwrites an item only if its key is present.
     *
     * @param item the item
     * @return the item as stored, with its new version
     * @throws CloudException {@link ErrorCode#NOT_FOUND} when the key is absent
     */
    public Item replace(Item item) {
        return put(item, WriteCondition.mustExist());
    }

    /**
     * Reads, changes and conditionally writes an item, retrying when another writer got there
     * first, so that no update is lost. Between attempts it backs off with the same exponential
     * backoff and full jitter as the retries of failed calls ({@link Retrier#backoff(int)}), so
     * that contending writers spread out instead of colliding again.
     *
     * @param key the key
     * @param change from the current item (empty when absent) to the item to write; it may run
     *               several times
     * @return the item as stored
     * @throws CloudException {@link ErrorCode#PRECONDITION_FAILED} after {@value #MAX_UPDATE_ATTEMPTS} lost races
     */
    public Item update(Key key, Function<Optional<Item>, Item> change) {
        Objects.requireNonNull(change, "change");
        checkKey(key);
        CloudException last = null;
        for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                retrier.backoff(attempt);
            }
            Optional<Item> current = get(key);
            Item next = change.apply(current);
            WriteCondition condition = current.flatMap(Item::version)
                    .map(WriteCondition::ifVersion).orElse(WriteCondition.mustNotExist());
            try {
                return put(next, condition);
            } catch (CloudException e) {
                if (e.code() != ErrorCode.PRECONDITION_FAILED && e.code() != ErrorCode.ALREADY_EXISTS) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /**
     * Deletes an item; deleting an absent key does nothing.
     *
     * @param key the key
     */
    public void delete(Key key) {
        delete(key, WriteCondition.always());
    }

    /**
     * Deletes an item if the condition holds.
     *
     * @param key the key
     * @param condition the condition
     * @throws CloudException {@link ErrorCode#NOT_FOUND} or {@link ErrorCode#PRECONDITION_FAILED}
     *                        when the condition does not hold
     */
    public void delete(Key key, WriteCondition condition) {
        Objects.requireNonNull(condition, "condition");
        checkKey(key);
        if (condition instanceof WriteCondition.MustNotExist) {
            throw CloudException.invalidArgument("A delete cannot require the item to be absent");
        }
        TableSchema s = schema();
        s.validate(key);
        retrier.run(resource, "delete", () -> driver.delete(s, key, condition));
    }

    /**
     * Adds {@code delta} to a long attribute atomically and returns the item as stored. An absent
     * item is created with its key attributes and the attribute set to {@code delta}; an absent
     * attribute counts as 0. Uses the store's own atomic increment where it has one (DynamoDB
     * {@code ADD}, the in-memory provider) and otherwise the conditional loop of
     * {@link #update(Key, Function)}. Not retried after a failure that may have applied it
     * (only {@link ErrorCode#THROTTLED} is retried), so an increment is applied at most once per call.
     *
     * @param key the key
     * @param attribute a non-key attribute
     * @param delta what to add (may be negative)
     * @return the item as stored, with its new version
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} when the attribute is a key attribute,
     *                        holds something other than a long, or would overflow 64 bits
     */
    public Item increment(Key key, String attribute, long delta) {
        checkKey(key);
        ItemValidator.attributeName(attribute);
        dev.polycloud.internal.Utf16.check("Attribute name '" + attribute + "'", attribute);
        TableSchema s = schema();
        s.validate(key);
        if (attribute.equals(s.partitionKey()) || s.sortKey().filter(attribute::equals).isPresent()) {
            throw CloudException.invalidArgument("Cannot increment the key attribute '" + attribute + "'");
        }
        String version = newVersion();
        Optional<Item> stored = retrier.call(resource, "increment",
                () -> driver.increment(s, key, attribute, delta, version), code -> code == ErrorCode.THROTTLED);
        if (stored.isPresent()) {
            return stored.get();
        }
        return update(key, current -> {
            Item.Builder b = current.map(Item::toBuilder).orElseGet(() -> {
                Item.Builder fresh = Item.builder();
                s.keyAttributes(key).forEach(fresh::put);
                return fresh;
            });
            long now = current.flatMap(i -> i.get(attribute)).map(v -> {
                if (!(v instanceof Value.LongValue l)) {
                    throw CloudException.invalidArgument("Attribute '" + attribute + "' is " + v.type()
                            + ", not LONG: it cannot be incremented");
                }
                return l.value();
            }).orElse(0L);
            long next;
            try {
                next = Math.addExact(now, delta);
            } catch (ArithmeticException e) {
                throw CloudException.invalidArgument("Incrementing attribute '" + attribute + "' by " + delta
                        + " overflows a long");
            }
            return b.put(attribute, Value.of(next)).build();
        });
    }

    /**
     * One page of the items of a partition, in sort-key order.
     *
     * @param query the query
     * @return the page; pass its cursor to {@link Query#withCursor(String)} for the next one
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for a partition or sort-key value of
     *                        the wrong type, or a sort-key condition on a table without a sort key
     */
    public Page<Item> query(Query query) {
        Objects.requireNonNull(query, "query");
        PreparedQuery q = prepare(query);
        return q.wrap(retrier.call(resource, "query", () -> driver.query(q.schema(), q.forDriver(), q.pageSize())));
    }

    /** A validated query: the schema, the query as the driver sees it (bare position) and the page size. */
    private record PreparedQuery(TableSchema schema, Cursors.Binding binding, Query forDriver, int pageSize) {
        Page<Item> wrap(Page<Item> page) {
            return new Page<>(page.items(), page.cursor().map(p -> Cursors.wrap(binding, p)));
        }
    }

    /** Validates a query and unwraps its cursor (shared by the blocking and async query). */
    private PreparedQuery prepare(Query query) {
        checkKeyValue("partition key value", query.partition());
        query.sortKey().ifPresent(c -> {
            checkKeyValue("sort-key condition value", c.value());
            c.upper().ifPresent(u -> checkKeyValue("sort-key condition upper value", u));
        });
        Optional<Cursors.Parsed> cursor = query.cursor().map(Cursors::parse);
        TableSchema s = schema();
        s.validatePartition(query.partition());
        query.sortKey().ifPresent(c -> {
            s.validateSort(c.value());
            c.upper().ifPresent(s::validateSort);
        });
        Cursors.Binding binding = Cursors.query(name, s, query);
        Optional<String> position = cursor.map(c -> c.positionFor(binding));
        Query forDriver = new Query(query.partition(), query.sortKey(), query.descending(), query.limit(), position);
        int pageSize = Math.min(query.limit().orElse(capabilities.maxPageSize()), capabilities.maxPageSize());
        return new PreparedQuery(s, binding, forDriver, pageSize);
    }

    /**
     * Every item of a partition matching the query, following cursors.
     *
     * @param query the query (its limit is the page size)
     * @return all matching items, in sort-key order
     */
    public List<Item> queryAll(Query query) {
        List<Item> all = new ArrayList<>();
        Page<Item> page = query(query);
        all.addAll(page.items());
        while (page.cursor().isPresent()) {
            page = query(query.withCursor(page.cursor().get()));
            all.addAll(page.items());
        }
        return all;
    }

    /**
     * The items of a partition matching the query as a lazy stream that fetches one page at a time, like
     * the AWS SDK's paginators: reading the first ten items of a large partition costs one page (of the
     * query's limit, or the provider's {@code maxPageSize}). Validation happens now; each further page is
     * fetched when the stream reaches it, and its failures surface as {@link CloudException} from the
     * stream's terminal operation.
     *
     * @param query the query (its limit is the page size)
     * @return the matching items, in sort-key order (descending when the query says so)
     * @throws CloudException as {@link #query(Query)}, for the first page
     */
    public Stream<Item> queryStream(Query query) {
        Objects.requireNonNull(query, "query");
        Page<Item> first = query(query);
        return pages(first, cursor -> query(query.withCursor(cursor)));
    }

    /**
     * Every item of the table as a lazy stream that fetches one page at a time (see
     * {@link #queryStream(Query)}). Order is the provider's scan order.
     *
     * @param scan the scan (its limit is the page size)
     * @return the items
     * @throws CloudException as {@link #scan(Scan)}, for the first page
     */
    public Stream<Item> scanStream(Scan scan) {
        Objects.requireNonNull(scan, "scan");
        Page<Item> first = scan(scan);
        return pages(first, cursor -> scan(scan.withCursor(cursor)));
    }

    /** Items of a first page and of the pages its cursors lead to, each page fetched when reached. */
    private static Stream<Item> pages(Page<Item> first, Function<String, Page<Item>> next) {
        Stream<Page<Item>> pages = Stream.iterate(first, Objects::nonNull,
                page -> page.cursor().map(next).orElse(null));
        return pages.flatMap(page -> page.items().stream());
    }

    /**
     * One page of a scan of the whole table.
     *
     * @param scan the scan
     * @return the page, with a cursor when more may follow
     */
    public Page<Item> scan(Scan scan) {
        Objects.requireNonNull(scan, "scan");
        Optional<Cursors.Parsed> cursor = scan.cursor().map(Cursors::parse);
        TableSchema s = schema();
        Cursors.Binding binding = Cursors.scan(name, s);
        Optional<String> position = cursor.map(c -> c.positionFor(binding));
        int pageSize = Math.min(scan.limit().orElse(capabilities.maxPageSize()), capabilities.maxPageSize());
        Page<Item> page = retrier.call(resource, "scan", () -> driver.scan(s, position, pageSize));
        return new Page<>(page.items(), page.cursor().map(p -> Cursors.wrap(binding, p)));
    }

    /**
     * Reads several items; absent keys are simply missing from the result.
     *
     * @param keys 1 to {@value #MAX_BATCH} keys (duplicates are read once)
     * @return the items found, in the order of their keys
     */
    public List<Item> batchGet(Collection<Key> keys) {
        if (keys == null || keys.isEmpty() || keys.size() > MAX_BATCH) {
            throw CloudException.invalidArgument("batchGet takes 1 to " + MAX_BATCH + " keys (found "
                    + (keys == null ? 0 : keys.size()) + ")");
        }
        keys.forEach(this::checkKey);
        TableSchema s = schema();
        List<Key> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        distinct.forEach(s::validate);
        List<Item> ordered = new ArrayList<>(distinct.size());
        int chunkSize = capabilities.maxBatchGet();
        for (int i = 0; i < distinct.size(); i += chunkSize) {
            List<Key> chunk = distinct.subList(i, Math.min(distinct.size(), i + chunkSize));
            // Only the keys the driver reports as unprocessed (retryable) are asked for again.
            for (Optional<Item> item : retrier.callBatch(resource, "batchGet", chunk, ks -> driver.batchGet(s, ks))) {
                item.ifPresent(ordered::add);
            }
        }
        return ordered;
    }

    /**
     * Writes several items unconditionally, split into the driver's {@code maxBatchWrite}. Not
     * atomic across chunks: if a chunk fails, the chunks before it are written.
     *
     * @param operations 1 to {@value #MAX_BATCH} puts and deletes on distinct keys
     * @throws CloudException {@link ErrorCode#INVALID_ARGUMENT} for two operations on one key
     */
    public void batchWrite(List<WriteOperation> operations) {
        if (operations == null || operations.isEmpty() || operations.size() > MAX_BATCH) {
            throw CloudException.invalidArgument("batchWrite takes 1 to " + MAX_BATCH + " operations (found "
                    + (operations == null ? 0 : operations.size()) + ")");
        }
        for (WriteOperation op : operations) {
            Objects.requireNonNull(op, "operation");
            if (op instanceof WriteOperation.Put put) {
                ItemValidator.validateContent(put.item(), capabilities.maxItemBytes());
            } else {
                checkKey(((WriteOperation.Delete) op).key());
            }
        }
        TableSchema s = schema();
        Set<Key> seen = new HashSet<>();
        List<WriteOperation> prepared = new ArrayList<>(operations.size());
        for (WriteOperation op : operations) {
            Key key;
            if (op instanceof WriteOperation.Put put) {
                key = s.keyOf(put.item());
                checkKey(key);
                prepared.add(WriteOperation.put(put.item().withVersion(newVersion())));
            } else {
                key = ((WriteOperation.Delete) op).key();
                s.validate(key);
                prepared.add(op);
            }
            if (!seen.add(key)) {
                throw CloudException.invalidArgument("batchWrite has two operations on " + key);
            }
        }
        int chunkSize = capabilities.maxBatchWrite();
        for (int i = 0; i < prepared.size(); i += chunkSize) {
            List<WriteOperation> chunk = prepared.subList(i, Math.min(prepared.size(), i + chunkSize));
            // Only the operations the driver reports as unprocessed (retryable) are sent again.
            retrier.callBatch(resource, "batchWrite", chunk, ops -> driver.batchWrite(s, ops));
        }
    }

    /** The checks of a key that need no schema: types, the provider's key size, round-tripping strings. */
    private void checkKey(Key key) {
        Objects.requireNonNull(key, "key");
        checkKeyValue("partition key value", key.partition());
        key.sort().ifPresent(v -> checkKeyValue("sort key value", v));
    }

    private void checkKeyValue(String what, Value value) {
        if (value.type() != ValueType.STRING && value.type() != ValueType.LONG) {
            throw CloudException.invalidArgument("The " + what + " must be a STRING or LONG (found " + value.type() + ")");
        }
        if (value instanceof Value.StringValue sv) {
            dev.polycloud.internal.Utf16.check("The " + what, sv.value());
            int bytes = sv.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > capabilities.maxKeyBytes()) {
                throw CloudException.invalidArgument("The " + what + " must be 1 to " + capabilities.maxKeyBytes()
                        + " UTF-8 bytes, the provider's maxKeyBytes (found " + bytes + ")");
            }
        }
    }

    /** 128 random bits: versions only need to differ, and SecureRandom (UUID) costs more than the write. */
    private static String newVersion() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
    }

    @Override
    public String toString() {
        return "Table[" + name + ", provider=" + retrier.provider() + "]";
    }
}

package dev.polycloud.azure.tables;

import dev.polycloud.azure.internal.AzureErrors;
import dev.polycloud.azure.internal.AzureFutures;
import dev.polycloud.azure.internal.AzureNames;
import dev.polycloud.azure.internal.AzureSettings;
import dev.polycloud.azure.internal.ExpectedConflicts;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceAsyncClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.BlockingAsync;
import dev.polycloud.spi.TableDriver;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Page;
import dev.polycloud.table.Query;
import dev.polycloud.table.SortKeyCondition;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.Value;
import dev.polycloud.table.WriteCondition;
import dev.polycloud.table.WriteOperation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * One Azure Table Storage table.
 *
 * <ul>
 *   <li><b>Keys</b>: {@code PartitionKey} and {@code RowKey} are the {@link KeyCodec} encodings of
 *       the portable key; a table without a sort key uses the empty {@code RowKey}. Key attributes
 *       are also stored as ordinary attributes, so items decode without the schema.</li>
 *   <li><b>Values</b>: see {@link EntityCodec}. <b>Versions</b>: the property {@code _pcv}; a write
 *       conditioned on a version reads the stored version and ETag, then replaces with
 *       {@code If-Match} on that ETag, so a concurrent writer makes it fail (no lost update).</li>
 *   <li><b>Schema</b>: a row with the empty {@code PartitionKey} (which no item can have: string
 *       keys are never empty and long keys are 16 hex digits) and {@code RowKey} {@code schema},
 *       holding the key names and types and the portable table name.</li>
 *   <li><b>Queries</b> are {@code RowKey} ranges of one partition, in ascending order natively.
 *       Table Storage cannot sort descending, so a descending page first reads the keys (only the
 *       {@code RowKey} column) of the whole remaining range to find where its last page starts,
 *       then reads that page and reverses it: a descending page costs a key-only scan of
 *       the range below the cursor, so paging a large partition backwards is quadratic.</li>
 *   <li><b>Cursors</b> are the last returned key (opaque base64), not Table Storage's continuation
 *       tokens, so a page holds exactly the items asked for and a cursor stays valid while the
 *       table changes.</li>
 *   <li><b>Batch writes</b> are entity group transactions: grouped by partition, at most 100
 *       operations and about 3.5 MiB each. A delete of an absent key would fail a transaction, so
 *       it is dropped from the transaction and the transaction is resubmitted.</li>
 *   <li><b>Reads</b> ({@code get}, the version check of a conditional write) are point queries
 *       ({@code PartitionKey} and {@code RowKey} equal), so a missing item is an empty answer rather than a 404
 *       that the SDK would log at ERROR. <b>Batch gets</b> are such reads, one by one.</li>
 *   <li><b>Asynchronous calls</b> ({@code getAsync}, {@code writeAsync}, ascending {@code queryAsync}) run on
 *       {@code TableAsyncClient} with the same requests and codes; a descending page runs the blocking
 *       {@code query} on the shared pool ({@code BlockingAsync}).</li>
 *   <li><b>Expected conflicts</b> (a lost insert-if-absent, a stale ETag, an update of a missing item) are
 *       absorbed by {@link ExpectedConflicts}, so the SDK does not log them at ERROR.</li>
 * </ul>
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AzureTableDriver implements TableDriver {

    static final String SCHEMA_PARTITION = "";
    static final String SCHEMA_ROW = "schema";
    static final String NO_SORT_ROW = "";
    private static final String META_NAME = "_pcname";
    private static final String META_PK = "_pcpk";
    private static final String META_PK_TYPE = "_pcpktype";
    private static final String META_SK = "_pcsk";
    private static final String META_SK_TYPE = "_pcsktype";
    private static final String META_FORMAT = "_pcformat";
    private static final int MAX_TRANSACTION = 100;
    private static final long MAX_TRANSACTION_BYTES = 3_500_000;
    private static final int MAX_SERVICE_PAGE = 1000;

    private final String name;
    private final String nativeName;
    private final String resource;
    private final Supplier<TableServiceClient> service;
    private final Supplier<TableClient> table;
    private final Supplier<TableAsyncClient> asyncTable;

    /**
     * Creates the driver; no network call.
     *
     * @param name the portable table name
     * @param service the blocking service client, built on first use
     * @param asyncService the asynchronous service client, built on first asynchronous call
     */
    public AzureTableDriver(String name, Supplier<TableServiceClient> service,
                            Supplier<TableServiceAsyncClient> asyncService) {
        this.name = name;
        this.nativeName = AzureNames.table(name);
        this.resource = "table " + name;
        this.service = service;
        this.table = AzureSettings.memoize(() -> service.get().getTableClient(nativeName));
        this.asyncTable = AzureSettings.memoize(() -> asyncService.get().getTableClient(nativeName));
    }

    // ---------------------------------------------------------------- table lifecycle

    @Override
    public void create(TableSchema schema) {
        try {
            service.get().createTableWithResponse(nativeName, null, Context.NONE);
        } catch (RuntimeException e) {
            if (!AzureErrors.hasServiceCode(e, "TableAlreadyExists")) {
                throw AzureErrors.map(e, resource);
            }
        }
        try {
            table.get().createEntityWithResponse(schemaRow(schema), null, Context.NONE);
        } catch (RuntimeException e) {
            if (!AzureErrors.hasServiceCode(e, "EntityAlreadyExists")) {
                throw AzureErrors.map(e, resource);
            }
            TableEntity existing = readSchemaRow().orElseThrow(() -> AzureErrors.map(e, resource));
            String owner = Objects.toString(existing.getProperty(META_NAME), name);
            if (!owner.equals(name)) {
                throw new CloudException(ErrorCode.ALREADY_EXISTS, "Table '" + name + "' maps to the Azure table '"
                        + nativeName + "', which already holds the table '" + owner + "'", AzureErrors.PROVIDER,
                        resource, null);
            }
            TableSchema stored = parseSchema(existing);
            if (!stored.equals(schema)) {
                throw new CloudException(ErrorCode.ALREADY_EXISTS, "Table '" + name
                        + "' already exists with another schema (" + stored + ")", AzureErrors.PROVIDER, resource, null);
            }
        }
    }

    @Override
    public void delete() {
        Response<Void> response = call(() -> table.get().deleteTableWithResponse(null, Context.NONE));
        if (response.getStatusCode() == 404) {
            throw notFound();
        }
    }

    @Override
    public boolean exists() {
        try {
            table.get().getEntityWithResponse(SCHEMA_PARTITION, SCHEMA_ROW, List.of("PartitionKey"), null, Context.NONE);
            return true;
        } catch (RuntimeException e) {
            if (AzureErrors.hasServiceCode(e, "TableNotFound")) {
                return false;
            }
            if (AzureErrors.hasServiceCode(e, "ResourceNotFound")) {
                return true;
            }
            throw AzureErrors.map(e, resource);
        }
    }

    @Override
    public Optional<TableSchema> schema() {
        return readSchemaRow().map(AzureTableDriver::parseSchema);
    }

    private Optional<TableEntity> readSchemaRow() {
        try {
            return Optional.ofNullable(table.get()
                    .getEntityWithResponse(SCHEMA_PARTITION, SCHEMA_ROW, null, null, Context.NONE).getValue());
        } catch (RuntimeException e) {
            if (AzureErrors.hasServiceCode(e, "TableNotFound", "ResourceNotFound")) {
                return Optional.empty();
            }
            throw AzureErrors.map(e, resource);
        }
    }

    private TableEntity schemaRow(TableSchema schema) {
        TableEntity row = new TableEntity(SCHEMA_PARTITION, SCHEMA_ROW);
        row.addProperty(META_FORMAT, 1L);
        row.addProperty(META_NAME, name);
        row.addProperty(META_PK, schema.partitionKey());
        row.addProperty(META_PK_TYPE, schema.partitionKeyType().name());
        schema.sortKey().ifPresent(s -> row.addProperty(META_SK, s));
        schema.sortKeyType().ifPresent(t -> row.addProperty(META_SK_TYPE, t.name()));
        return row;
    }

    private static TableSchema parseSchema(TableEntity row) {
        try {
            String pk = (String) row.getProperty(META_PK);
            KeyType pkType = KeyType.valueOf((String) row.getProperty(META_PK_TYPE));
            Optional<String> sk = Optional.ofNullable((String) row.getProperty(META_SK));
            Optional<KeyType> skType = Optional.ofNullable((String) row.getProperty(META_SK_TYPE)).map(KeyType::valueOf);
            return new TableSchema(pk, pkType, sk, skType);
        } catch (RuntimeException e) {
            throw new CloudException(ErrorCode.INTERNAL, "The schema row of the table is unreadable: " + e,
                    AzureErrors.PROVIDER, null, e);
        }
    }

    // ---------------------------------------------------------------- items

    @Override
    public Optional<Item> get(TableSchema schema, Key key) {
        return read(partitionKey(key), rowKey(key), null).map(EntityCodec::decode);
    }

    /**
     * Reads one entity. A point query ({@code PartitionKey} and {@code RowKey} equal, which Table Storage serves
     * like a point read) rather than Get Entity: a missing item is then an empty answer instead of a 404 that
     * the SDK would log at ERROR on every get of an absent key (issue 9 §7). A missing table still fails
     * ({@code TableNotFound}, NOT_FOUND).
     */
    private Optional<TableEntity> read(String pk, String rk, List<String> select) {
        try {
            Iterator<TableEntity> found = table.get().listEntities(pointQuery(pk, rk, select), null, Context.NONE)
                    .iterator();
            return found.hasNext() ? Optional.of(found.next()) : Optional.empty();
        } catch (RuntimeException e) {
            if (AzureErrors.hasServiceCode(e, "ResourceNotFound")) {
                return Optional.empty();
            }
            throw AzureErrors.map(e, resource);
        }
    }

    private static ListEntitiesOptions pointQuery(String pk, String rk, List<String> select) {
        ListEntitiesOptions options = new ListEntitiesOptions()
                .setFilter("PartitionKey eq " + literal(pk) + " and RowKey eq " + literal(rk)).setTop(1);
        if (select != null) {
            options.setSelect(select);
        }
        return options;
    }

    @Override
    public void write(TableSchema schema, Item item, WriteCondition condition) {
        Key key = schema.keyOf(item);
        String pk = partitionKey(key);
        String rk = rowKey(key);
        TableEntity entity = EntityCodec.encode(item, pk, rk).entity();
        try {
            if (condition instanceof WriteCondition.Always) {
                table.get().upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, null, Context.NONE);
            } else if (condition instanceof WriteCondition.MustNotExist) {
                // A lost insert race (409 EntityAlreadyExists) is expected: absorbed so that the SDK does not log it
                ExpectedConflicts.Outcome outcome = ExpectedConflicts.Outcome.entityExists();
                table.get().createEntityWithResponse(entity, null, outcome.context());
                throwIfConflict(outcome, key, condition);
            } else if (condition instanceof WriteCondition.MustExist) {
                ExpectedConflicts.Outcome outcome = ExpectedConflicts.Outcome.entityMissingOrChanged();
                table.get().updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, false, null,
                        outcome.context());
                throwIfConflict(outcome, key, condition);
            } else if (condition instanceof WriteCondition.IfVersion v) {
                String etag = etagOfVersion(pk, rk, key, v.version());
                entity.getProperties().put("odata.etag", etag);
                // A lost race (412) is expected: absorbed so that the SDK does not log it at ERROR
                ExpectedConflicts.Outcome outcome = ExpectedConflicts.Outcome.entityMissingOrChanged();
                table.get().updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null,
                        outcome.context());
                throwIfConflict(outcome, key, condition);
            }
        } catch (CloudException e) {
            throw e;
        } catch (RuntimeException e) {
            throw writeFailure(e, key, condition);
        }
    }

    /**
     * Throws the portable error for an expected failure that {@link ExpectedConflicts} absorbed (the same
     * codes {@link #writeFailure} gives when the SDK throws it), or returns when the call succeeded.
     */
    private void throwIfConflict(ExpectedConflicts.Outcome outcome, Key key, WriteCondition condition) {
        CloudException conflict = conflict(outcome, key, condition);
        if (conflict != null) {
            throw conflict;
        }
    }

    private CloudException conflict(ExpectedConflicts.Outcome outcome, Key key, WriteCondition condition) {
        int status = outcome.status();
        if (status == 0) {
            return null;
        }
        if (condition instanceof WriteCondition.IfVersion) {
            return stale(key);
        }
        if (status == 409) {
            return new CloudException(ErrorCode.ALREADY_EXISTS, "An item with " + key + " already exists",
                    AzureErrors.PROVIDER, resource, null);
        }
        if (status == 404) {
            return new CloudException(ErrorCode.NOT_FOUND, "No item with " + key, AzureErrors.PROVIDER, resource, null);
        }
        return new CloudException(AzureErrors.codeFor(status, outcome.serviceCode()), "Azure answered HTTP " + status
                + " for " + resource, AzureErrors.PROVIDER, resource, null);
    }

    @Override
    public void delete(TableSchema schema, Key key, WriteCondition condition) {
        String pk = partitionKey(key);
        String rk = rowKey(key);
        if (condition instanceof WriteCondition.IfVersion v) {
            String etag = etagOfVersion(pk, rk, key, v.version());
            TableEntity entity = new TableEntity(pk, rk);
            entity.getProperties().put("odata.etag", etag);
            ExpectedConflicts.Outcome outcome = new ExpectedConflicts.Outcome();
            Response<Void> r = call(() -> table.get().deleteEntityWithResponse(entity, true, null, outcome.context()));
            if (r.getStatusCode() == 404 || outcome.status() != 0) {
                throw stale(key);
            }
            return;
        }
        Response<Void> r;
        try {
            r = table.get().deleteEntityWithResponse(new TableEntity(pk, rk), false, null, Context.NONE);
        } catch (RuntimeException e) {
            throw writeFailure(e, key, condition);
        }
        if (r.getStatusCode() == 404) {
            // The SDK swallows a 404 on delete and hides its reason: the item or the whole table is missing.
            if (!exists()) {
                throw notFound();
            }
            if (condition instanceof WriteCondition.MustExist) {
                throw new CloudException(ErrorCode.NOT_FOUND, "No item with " + key, AzureErrors.PROVIDER, resource,
                        null);
            }
        }
    }

    /** Reads the stored version of an item and returns its ETag if it is the expected version. */
    private String etagOfVersion(String pk, String rk, Key key, String expected) {
        return checkVersion(read(pk, rk, List.of(EntityCodec.VERSION)), key, expected);
    }

    /** The ETag of the stored item if it has the expected version, else PRECONDITION_FAILED. */
    private String checkVersion(Optional<TableEntity> found, Key key, String expected) {
        TableEntity current = found.orElseThrow(() -> new CloudException(
                ErrorCode.PRECONDITION_FAILED, "Item " + key + " no longer exists (expected version " + expected + ")",
                AzureErrors.PROVIDER, resource, null));
        Object stored = current.getProperty(EntityCodec.VERSION);
        String version = stored != null ? stored.toString() : current.getETag();
        if (!expected.equals(version)) {
            throw new CloudException(ErrorCode.PRECONDITION_FAILED, "Item " + key + " has version " + version
                    + ", not the expected " + expected, AzureErrors.PROVIDER, resource, null);
        }
        return current.getETag();
    }

    private CloudException writeFailure(RuntimeException e, Key key, WriteCondition condition) {
        if (AzureErrors.hasServiceCode(e, "TableNotFound")) {
            return AzureErrors.map(e, resource);
        }
        if (condition instanceof WriteCondition.MustNotExist && AzureErrors.hasServiceCode(e, "EntityAlreadyExists")) {
            return new CloudException(ErrorCode.ALREADY_EXISTS, "An item with " + key + " already exists",
                    AzureErrors.PROVIDER, resource, e);
        }
        if (condition instanceof WriteCondition.MustExist && AzureErrors.status(e) == 404) {
            return new CloudException(ErrorCode.NOT_FOUND, "No item with " + key, AzureErrors.PROVIDER, resource, e);
        }
        if (condition instanceof WriteCondition.IfVersion && (AzureErrors.status(e) == 412
                || AzureErrors.status(e) == 404)) {
            return new CloudException(ErrorCode.PRECONDITION_FAILED, "Item " + key
                    + " changed since the version was read", AzureErrors.PROVIDER, resource, e);
        }
        return AzureErrors.map(e, resource);
    }

    private CloudException stale(Key key) {
        return new CloudException(ErrorCode.PRECONDITION_FAILED, "Item " + key + " changed since the version was read",
                AzureErrors.PROVIDER, resource, null);
    }

    private CloudException notFound() {
        return new CloudException(ErrorCode.NOT_FOUND, "Table '" + name + "' does not exist", AzureErrors.PROVIDER,
                resource, null);
    }

    // ---------------------------------------------------------------- queries

    @Override
    public Page<Item> query(TableSchema schema, Query query, int pageSize) {
        String pk = KeyCodec.encode(query.partition());
        RowRange range = RowRange.of(query.sortKey());
        Optional<Cursor> cursor = query.cursor().map(c -> Cursor.parse(c, query.descending() ? 'd' : 'a'));
        String sortName = range.clientFilter() ? schema.sortKey().orElse(null) : null;
        String base = "PartitionKey eq " + literal(pk) + range.clauses();
        if (!query.descending()) {
            String filter = base + cursor.map(c -> " and RowKey gt " + literal(c.row())).orElse("");
            List<TableEntity> got = list(filter, null, pageSize + 1, query.sortKey(), sortName);
            return page(got, pageSize, 'a');
        }
        String filter = base + cursor.map(c -> " and RowKey lt " + literal(c.row())).orElse("");
        // Phase 1: the keys of the whole range, to find where the last pageSize items start.
        List<String> select = range.clientFilter() ? null : List.of("RowKey");
        Deque<String> last = new ArrayDeque<>(pageSize + 1);
        for (TableEntity e : iterate(filter, select, MAX_SERVICE_PAGE)) {
            if (range.clientFilter() && !matches(e, query.sortKey(), sortName)) {
                continue;
            }
            if (last.size() == pageSize + 1) {
                last.removeFirst();
            }
            last.addLast(e.getRowKey());
        }
        if (last.isEmpty()) {
            return new Page<>(List.of(), Optional.empty());
        }
        boolean more = last.size() > pageSize;
        if (more) {
            last.removeFirst();
        }
        // Phase 2: that page, ascending, then reversed.
        List<TableEntity> pageRows = list(filter + " and RowKey ge " + literal(last.getFirst()), null,
                Integer.MAX_VALUE, query.sortKey(), sortName);
        Collections.reverse(pageRows);
        if (pageRows.size() > pageSize) {
            pageRows = new ArrayList<>(pageRows.subList(0, pageSize));
            more = true;
        }
        List<Item> items = pageRows.stream().map(EntityCodec::decode).toList();
        Optional<String> next = more && !pageRows.isEmpty()
                ? Optional.of(new Cursor('d', pk, pageRows.get(pageRows.size() - 1).getRowKey()).format())
                : Optional.empty();
        return new Page<>(items, next);
    }

    @Override
    public Page<Item> scan(TableSchema schema, Optional<String> cursor, int pageSize) {
        Optional<Cursor> c = cursor.map(s -> Cursor.parse(s, 's'));
        String filter = c.map(x -> "(PartitionKey eq " + literal(x.partition()) + " and RowKey gt " + literal(x.row())
                + ") or PartitionKey gt " + literal(x.partition()))
                .orElse("PartitionKey gt " + literal(SCHEMA_PARTITION));
        List<TableEntity> got = list(filter, null, pageSize + 1, Optional.empty(), null);
        return page(got, pageSize, 's');
    }

    private Page<Item> page(List<TableEntity> got, int pageSize, char kind) {
        boolean more = got.size() > pageSize;
        List<TableEntity> rows = more ? got.subList(0, pageSize) : got;
        List<Item> items = rows.stream().map(EntityCodec::decode).toList();
        Optional<String> next = more ? Optional.of(new Cursor(kind, rows.get(rows.size() - 1).getPartitionKey(),
                rows.get(rows.size() - 1).getRowKey()).format()) : Optional.empty();
        return new Page<>(items, next);
    }

    /** Up to {@code limit} entities matching the filter (and, if asked, the condition on the client). */
    private List<TableEntity> list(String filter, List<String> select, int limit, Optional<SortKeyCondition> condition,
                                   String sortName) {
        List<TableEntity> out = new ArrayList<>();
        int top = (int) Math.min(MAX_SERVICE_PAGE, (long) limit);
        for (TableEntity e : iterate(filter, select, top)) {
            if (sortName != null && !matches(e, condition, sortName)) {
                continue;
            }
            out.add(e);
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    private Iterable<TableEntity> iterate(String filter, List<String> select, int top) {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setTop(top);
        if (select != null) {
            options.setSelect(select);
        }
        return () -> {
            Iterator<TableEntity> it = call(() -> table.get().listEntities(options, null, Context.NONE).iterator());
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return call(it::hasNext);
                }

                @Override
                public TableEntity next() {
                    return call(it::next);
                }
            };
        };
    }

    private static boolean matches(TableEntity e, Optional<SortKeyCondition> condition, String sortName) {
        if (condition.isEmpty() || sortName == null) {
            return true;
        }
        Optional<Value> sort = EntityCodec.decode(e).get(sortName);
        return sort.isPresent() && sort.get().type() == condition.get().value().type()
                && condition.get().matches(sort.get());
    }

    // ---------------------------------------------------------------- asynchronous, on TableAsyncClient

    /** The get on {@link TableAsyncClient}: the same request and outcome as {@link #get(TableSchema, Key)}. */
    @Override
    public CompletableFuture<Optional<Item>> getAsync(TableSchema schema, Key key) {
        String pk;
        String rk;
        try {
            pk = partitionKey(key);
            rk = rowKey(key);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(AzureErrors.map(e, resource));
        }
        return readAsync(pk, rk, null).thenApply(found -> found.map(EntityCodec::decode));
    }

    /** The asynchronous {@link #read}: the same point query. */
    private CompletableFuture<Optional<TableEntity>> readAsync(String pk, String rk, List<String> select) {
        return AzureFutures.of(() -> asyncTable.get().listEntities(pointQuery(pk, rk, select)).next()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .onErrorResume(e -> AzureErrors.hasServiceCode(e, "ResourceNotFound"),
                        e -> Mono.just(Optional.empty())), resource);
    }

    /**
     * The write on {@link TableAsyncClient}: the same requests, conditions and error codes as
     * {@link #write(TableSchema, Item, WriteCondition)} (a versioned write reads the stored version first,
     * then replaces on its ETag), with the same expected conflicts kept out of the SDK's ERROR log.
     */
    @Override
    public CompletableFuture<Void> writeAsync(TableSchema schema, Item item, WriteCondition condition) {
        Key key;
        String pk;
        String rk;
        TableEntity entity;
        try {
            key = schema.keyOf(item);
            pk = partitionKey(key);
            rk = rowKey(key);
            entity = EntityCodec.encode(item, pk, rk).entity();
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(AzureErrors.map(e, resource));
        }
        if (condition instanceof WriteCondition.Always) {
            return writeCall(() -> asyncTable.get().upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE),
                    null, key, condition);
        }
        if (condition instanceof WriteCondition.MustNotExist) {
            return writeCall(() -> asyncTable.get().createEntityWithResponse(entity),
                    ExpectedConflicts.Outcome.entityExists(), key, condition);
        }
        if (condition instanceof WriteCondition.MustExist) {
            return writeCall(() -> asyncTable.get().updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE,
                    false), ExpectedConflicts.Outcome.entityMissingOrChanged(), key, condition);
        }
        if (condition instanceof WriteCondition.IfVersion v) {
            return readAsync(pk, rk, List.of(EntityCodec.VERSION)).thenCompose(current -> {
                String etag = checkVersion(current, key, v.version());
                entity.getProperties().put("odata.etag", etag);
                return writeCall(() -> asyncTable.get().updateEntityWithResponse(entity,
                        TableEntityUpdateMode.REPLACE, true), ExpectedConflicts.Outcome.entityMissingOrChanged(), key,
                        condition);
            });
        }
        return CompletableFuture.failedFuture(new CloudException(ErrorCode.UNIMPLEMENTED,
                "Unknown write condition " + condition, AzureErrors.PROVIDER, resource, null));
    }

    /** One asynchronous write call: expected conflicts absorbed into {@code outcome}, then mapped as the blocking path does. */
    private CompletableFuture<Void> writeCall(Supplier<Mono<Response<Void>>> call, ExpectedConflicts.Outcome outcome,
                                              Key key, WriteCondition condition) {
        return AzureFutures.of(() -> {
            Mono<Response<Void>> mono = call.get();
            return outcome == null ? mono : mono.contextWrite(outcome.reactorContext());
        }, e -> e instanceof CloudException c ? c : e instanceof RuntimeException r
                ? writeFailure(r, key, condition) : AzureErrors.map(e, resource)).thenApply(response -> {
                    if (outcome != null) {
                        throwIfConflict(outcome, key, condition);
                    }
                    return null;
                });
    }

    /**
     * The query page on {@link TableAsyncClient} for ascending queries: the same filter, client-side check and
     * page as {@link #query(TableSchema, Query, int)}, reading only as many service pages as the page needs.
     * A descending page stays on the blocking pool ({@code BlockingAsync}): it is a key-only scan of the range
     * below the cursor and then a second read (see the class description), which gains little from running
     * on the asynchronous client.
     */
    @Override
    public CompletableFuture<Page<Item>> queryAsync(TableSchema schema, Query query, int pageSize) {
        if (query.descending()) {
            return BlockingAsync.supply(() -> query(schema, query, pageSize));
        }
        String filter;
        RowRange range;
        String sortName;
        try {
            String pk = KeyCodec.encode(query.partition());
            range = RowRange.of(query.sortKey());
            Optional<Cursor> cursor = query.cursor().map(c -> Cursor.parse(c, 'a'));
            sortName = range.clientFilter() ? schema.sortKey().orElse(null) : null;
            filter = "PartitionKey eq " + literal(pk) + range.clauses()
                    + cursor.map(c -> " and RowKey gt " + literal(c.row())).orElse("");
        } catch (CloudException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(AzureErrors.map(e, resource));
        }
        int limit = pageSize + 1;
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter)
                .setTop((int) Math.min(MAX_SERVICE_PAGE, (long) limit));
        return AzureFutures.of(() -> asyncTable.get().listEntities(options)
                        .filter(e -> sortName == null || matches(e, query.sortKey(), sortName))
                        .take(limit)
                        .collectList(), resource)
                .thenApply(got -> page(got, pageSize, 'a'));
    }

    // ---------------------------------------------------------------- batches

    @Override
    public BatchOutcome<Optional<Item>> batchGet(TableSchema schema, List<Key> keys) {
        List<Optional<Item>> found = new ArrayList<>(keys.size());
        for (Key key : keys) {
            found.add(get(schema, key));
        }
        return BatchOutcome.succeeded(found);
    }

    @Override
    public BatchOutcome<Void> batchWrite(TableSchema schema, List<WriteOperation> operations) {
        Map<String, List<TableTransactionAction>> byPartition = new LinkedHashMap<>();
        Map<String, List<Long>> sizes = new LinkedHashMap<>();
        for (WriteOperation op : operations) {
            TableTransactionAction action;
            long size;
            String pk;
            if (op instanceof WriteOperation.Put put) {
                Key key = schema.keyOf(put.item());
                pk = partitionKey(key);
                EntityCodec.Encoded encoded = EntityCodec.encode(put.item(), pk, rowKey(key));
                action = new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, encoded.entity());
                size = encoded.requestBytes();
            } else {
                Key key = ((WriteOperation.Delete) op).key();
                pk = partitionKey(key);
                action = new TableTransactionAction(TableTransactionActionType.DELETE, new TableEntity(pk, rowKey(key)));
                size = 2000;
            }
            byPartition.computeIfAbsent(pk, k -> new ArrayList<>()).add(action);
            sizes.computeIfAbsent(pk, k -> new ArrayList<>()).add(size);
        }
        for (Map.Entry<String, List<TableTransactionAction>> group : byPartition.entrySet()) {
            List<TableTransactionAction> actions = group.getValue();
            List<Long> actionSizes = sizes.get(group.getKey());
            List<TableTransactionAction> chunk = new ArrayList<>();
            long chunkBytes = 0;
            for (int i = 0; i < actions.size(); i++) {
                if (!chunk.isEmpty() && (chunk.size() == MAX_TRANSACTION
                        || chunkBytes + actionSizes.get(i) > MAX_TRANSACTION_BYTES)) {
                    submit(chunk);
                    chunk = new ArrayList<>();
                    chunkBytes = 0;
                }
                chunk.add(actions.get(i));
                chunkBytes += actionSizes.get(i);
            }
            if (!chunk.isEmpty()) {
                submit(chunk);
            }
        }
        return BatchOutcome.allDone(operations.size());
    }

    /**
     * Submits one entity group transaction. A transaction fails whole, and fails for a delete of an absent
     * entity, which the portable contract makes a no-op: that delete is dropped and the rest resubmitted
     * (at most once per action). That is translation, not a retry: any other failure is thrown at once.
     */
    private void submit(List<TableTransactionAction> actions) {
        List<TableTransactionAction> pending = new ArrayList<>(actions);
        while (!pending.isEmpty()) {
            try {
                table.get().submitTransaction(pending);
                return;
            } catch (TableTransactionFailedException e) {
                Integer index = e.getFailedTransactionActionIndex();
                if (index != null && index >= 0 && index < pending.size()
                        && pending.get(index).getActionType() == TableTransactionActionType.DELETE
                        && (AzureErrors.status(e) == 404 || AzureErrors.hasServiceCode(e, "ResourceNotFound"))
                        && !AzureErrors.hasServiceCode(e, "TableNotFound")) {
                    // Deleting an absent item is a no-op in the portable contract.
                    pending.remove((int) index);
                    continue;
                }
                throw AzureErrors.map(e, resource);
            } catch (RuntimeException e) {
                throw AzureErrors.map(e, resource);
            }
        }
    }

    // ---------------------------------------------------------------- keys, filters, cursors

    private static String partitionKey(Key key) {
        return KeyCodec.encode(key.partition());
    }

    private static String rowKey(Key key) {
        return key.sort().map(KeyCodec::encode).orElse(NO_SORT_ROW);
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * A {@code RowKey} range for a sort-key condition.
     *
     * @param lower the lower bound or null
     * @param lowerInclusive whether the lower bound is included
     * @param upper the upper bound or null
     * @param upperInclusive whether the upper bound is included
     * @param clientFilter whether the range is wider than the condition (truncated keys) and rows must be
     *                     checked on the client
     */
    record RowRange(String lower, boolean lowerInclusive, String upper, boolean upperInclusive, boolean clientFilter) {

        static RowRange of(Optional<SortKeyCondition> condition) {
            if (condition.isEmpty()) {
                return new RowRange(null, false, null, false, false);
            }
            SortKeyCondition c = condition.get();
            String e = KeyCodec.encodeFull(c.value());
            return switch (c.operator()) {
                case EQ -> new RowRange(KeyCodec.truncate(e), true, KeyCodec.truncate(e), true, false);
                case LT -> upperOnly(e, false);
                case LE -> upperOnly(e, true);
                case GT -> lowerOnly(e, false);
                case GE -> lowerOnly(e, true);
                case BETWEEN -> {
                    RowRange lo = lowerOnly(e, true);
                    RowRange hi = upperOnly(KeyCodec.encodeFull(c.upper().orElseThrow()), true);
                    yield new RowRange(lo.lower, lo.lowerInclusive, hi.upper, hi.upperInclusive,
                            lo.clientFilter || hi.clientFilter);
                }
                case BEGINS_WITH -> {
                    String prefix = wide(e) ? safePrefix(e) : e;
                    String upper = KeyCodec.prefixUpperBound(prefix);
                    yield new RowRange(prefix, true, upper, false, wide(e) || upper == null);
                }
            };
        }

        private static RowRange lowerOnly(String e, boolean inclusive) {
            return wide(e) ? new RowRange(safePrefix(e), true, null, false, true)
                    : new RowRange(e, inclusive, null, false, false);
        }

        private static RowRange upperOnly(String e, boolean inclusive) {
            if (!wide(e)) {
                return new RowRange(null, false, e, inclusive, false);
            }
            String upper = KeyCodec.prefixUpperBound(safePrefix(e));
            return new RowRange(null, false, upper, false, true);
        }

        /** Bounds this long may meet truncated stored keys: compare on the part every stored form keeps. */
        private static boolean wide(String e) {
            return e.length() >= KeyCodec.MAX_EXACT - 1;
        }

        private static String safePrefix(String e) {
            int cut = Math.min(e.length(), KeyCodec.MAX_EXACT - 1);
            if (Character.isHighSurrogate(e.charAt(cut - 1))) {
                cut--;
            }
            return e.substring(0, cut);
        }

        String clauses() {
            StringBuilder b = new StringBuilder();
            if (lower != null) {
                b.append(" and RowKey ").append(lowerInclusive ? "ge " : "gt ").append(literal(lower));
            }
            if (upper != null) {
                b.append(" and RowKey ").append(upperInclusive ? "le " : "lt ").append(literal(upper));
            }
            return b.toString();
        }
    }

    /**
     * Where a page ended, the driver's position (the portable layer's cursor envelope binds it to
     * the table and query): partition and row key of the last item returned; the kind
     * ({@code a} ascending query, {@code d} descending query, {@code s} scan) is not written, the
     * envelope already tells them apart.
     *
     * @param kind the kind
     * @param partition the partition key
     * @param row the row key
     */
    record Cursor(char kind, String partition, String row) {

        String format() {
            return partition + "\n" + row;
        }

        static Cursor parse(String position, char kind) {
            int at = position.indexOf('\n');
            if (at < 0) {
                throw new CloudException(ErrorCode.INTERNAL, "Not a position of this driver");
            }
            return new Cursor(kind, position.substring(0, at), position.substring(at + 1));
        }
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (CloudException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, resource);
        }
    }

    @Override
    public String toString() {
        return "AzureTableDriver[" + name + " -> " + nativeName + "]";
    }
}

package dev.polycloud.gcp.firestore;

import dev.polycloud.gcp.internal.GcpErrors;
import dev.polycloud.gcp.internal.GcpFutures;
import java.util.concurrent.CompletableFuture;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.spi.BatchOutcome;
import dev.polycloud.spi.TableDriver;
import dev.polycloud.table.Item;
import dev.polycloud.table.ItemSize;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Page;
import dev.polycloud.table.Query;
import dev.polycloud.table.SortKeyCondition;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.Value;
import dev.polycloud.table.WriteCondition;
import dev.polycloud.table.WriteOperation;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A table on Firestore (native mode).
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>The schema lives in the metadata document {@code _pctables/NAME} (Firestore collections
 *       exist implicitly, so this document is what makes the table exist), with a state
 *       {@code active} or {@code deleting}.</li>
 *   <li>A table without sort key keeps item {@code K} at {@code NAME/id(K)}.</li>
 *   <li>A table with a sort key keeps item {@code (P, S)} at {@code NAME/id(P)/NAME.items/id(S)}: one
 *       subcollection per partition, so a query of a partition is a range over one field of one
 *       collection, served by Firestore's automatic single-field indexes (an equality on the
 *       partition plus a range on the sort key in one collection would need a composite index
 *       created by hand). Scans go over the collection group {@code NAME.items}, ordered by
 *       document name. The partition documents themselves do not exist.</li>
 * </ul>
 * Document ids come from {@link FirestoreKeys}, field values from {@link FirestoreValues}; the key
 * attributes are stored as ordinary fields, the version in {@code _pcv}.
 *
 * <h2>Existence</h2>
 * The key schema comes from the portable layer with every call; the driver never reads it for an
 * item operation. Firestore collections exist implicitly, so the metadata document's existence and
 * state are what say whether the table exists: without checking them a write to a deleted table
 * would silently recreate its documents instead of failing with NOT_FOUND. The driver checks them
 * (in the same batched read as the item, where there is one) and then trusts a positive answer for
 * {@link #EXISTENCE_TTL}, timed from before the read was sent: item operations within that window
 * send only their own requests (a put is one commit, a get one read), so a steady stream of
 * operations pays the metadata read once per window instead of once per call. The trade-off, and
 * how it is contained:
 * <ul>
 *   <li>for up to {@link #EXISTENCE_TTL} after another driver (another process, or another
 *       {@code Cloud}) marks the table {@code deleting}, this driver still reads and writes its
 *       items as if it existed, where it used to fail with NOT_FOUND at once;</li>
 *   <li>no such write outlives the deletion: deleteTable waits until {@link #EXISTENCE_TTL} has passed
 *       since it marked the table before its second pass over the documents, and no driver can
 *       have trusted the table past that point (a check made after the mark sees {@code deleting}),
 *       so the deleted table's documents are not recreated; only a write sent before that point and
 *       still in flight after the second pass could be, as before this cache;</li>
 *   <li>once deleteTable has returned, every driver's next operation reads the metadata again and
 *       fails with NOT_FOUND; the price is that deleteTable takes at least {@link #EXISTENCE_TTL}.</li>
 * </ul>
 * The same driver forgets its positive answer as soon as it deletes the table itself.
 *
 * <h2>Conditions</h2>
 * Conditional writes use
 * Firestore preconditions rather than transactions: create-only is Firestore's create
 * (ALREADY_EXISTS); a write on a version reads the item, compares {@code _pcv}, and writes with an
 * update-time precondition, so a concurrent change in between fails with PRECONDITION_FAILED; a
 * write that needs the item to exist does the same and retries when only the update time moved.
 * A replace of a present item is an update listing every new field and deleting every old one, so
 * the item is replaced, never merged.
 *
 * <h2>Deleting</h2>
 * deleteTable marks the metadata {@code deleting} (the table stops existing at once), deletes every
 * document recursively, twice to catch writes that raced the first pass, then deletes the metadata.
 * A createTable that finds a deletion unfinished completes it first.
 */
final class FirestoreTableDriver implements TableDriver {

    /** The collection of metadata documents. */
    static final String META_COLLECTION = "_pctables";
    private static final String STATE = "state";
    private static final String ACTIVE = "active";
    private static final String DELETING = "deleting";
    private static final int MAX_REPLACE_ATTEMPTS = 10;
    /**
     * How long a positive existence check of the metadata document is trusted by item operations
     * (see "Existence" above); deleteTable waits this long after marking the table.
     */
    static final java.time.Duration EXISTENCE_TTL = java.time.Duration.ofSeconds(1);
    private static final long EXISTENCE_TTL_NANOS = EXISTENCE_TTL.toNanos();
    /** Stay under Firestore's 10 MiB commit limit. */
    private static final long COMMIT_BUDGET = 9L * 1024 * 1024;

    private final Supplier<Firestore> firestore;
    private final String name;
    private final String resource;

    private final java.time.Duration timeout;

    /**
     * {@link System#nanoTime()} before the last read that found the table active, valid while
     * {@link #existenceKnown}; see {@link #EXISTENCE_TTL}.
     */
    private volatile long existenceCheckedAt;
    private volatile boolean existenceKnown;

    FirestoreTableDriver(Supplier<Firestore> firestore, String name, java.time.Duration timeout) {
        this.timeout = timeout;
        this.firestore = firestore;
        this.name = name;
        this.resource = "table " + name;
    }

    private Firestore db() {
        return firestore.get();
    }

    private DocumentReference meta() {
        return db().collection(META_COLLECTION).document(name);
    }

    private CollectionReference collection() {
        return db().collection(name);
    }

    /** The id of the subcollections of a table with a sort key. */
    String itemsCollection() {
        return name + ".items";
    }

    DocumentReference ref(Key key) {
        DocumentReference partition = collection().document(FirestoreKeys.docId(key.partition()));
        if (key.sort().isPresent()) {
            return partition.collection(itemsCollection()).document(FirestoreKeys.docId(key.sort().get()));
        }
        return partition;
    }

    /** Whether a check that found the table active was sent less than {@link #EXISTENCE_TTL} ago. */
    private boolean knownToExist() {
        return existenceKnown && System.nanoTime() - existenceCheckedAt < EXISTENCE_TTL_NANOS;
    }

    /**
     * Records that a read sent at {@code sentAt} found the table active.
     *
     * @param sentAt {@link System#nanoTime()} before the read was sent
     */
    private void existed(long sentAt) {
        existenceCheckedAt = sentAt;
        existenceKnown = true;
    }

    private void forgetExistence() {
        existenceKnown = false;
    }

    // ---------------------------------------------------------------- tables

    @Override
    public void create(TableSchema newSchema) {
        for (int attempt = 0; attempt < 3; attempt++) {
            DocumentSnapshot snapshot = await(meta().get(), "createTable");
            if (snapshot.exists()) {
                if (DELETING.equals(snapshot.getString(STATE))) {
                    finishDelete();
                    continue;
                }
                TableSchema existing = schemaOf(snapshot);
                if (!existing.equals(newSchema)) {
                    throw GcpErrors.of(ErrorCode.ALREADY_EXISTS, "Table '" + name + "' exists with another schema ("
                            + existing + ")", resource);
                }
                return;
            }
            try {
                long sentAt = System.nanoTime();
                await(meta().create(metaFields(newSchema)), "createTable");
                existed(sentAt);
                return;
            } catch (CloudException e) {
                if (e.code() != ErrorCode.ALREADY_EXISTS) {
                    throw e;
                }
                // created concurrently: compare on the next round
            }
        }
        throw GcpErrors.of(ErrorCode.PRECONDITION_FAILED, "Table '" + name + "' kept changing while being created",
                resource);
    }

    @Override
    public void delete() {
        forgetExistence();
        for (int attempt = 0; ; attempt++) {
            DocumentSnapshot snapshot = await(meta().get(), "deleteTable");
            if (!snapshot.exists()) {
                throw notFound();
            }
            if (!DELETING.equals(snapshot.getString(STATE))) {
                try {
                    await(meta().update(Precondition.updatedAt(snapshot.getUpdateTime()), STATE, DELETING),
                            "deleteTable");
                } catch (CloudException e) {
                    if (e.code() == ErrorCode.PRECONDITION_FAILED && attempt < 3) {
                        continue;
                    }
                    throw e;
                }
            }
            finishDelete();
            return;
        }
    }

    /**
     * Deletes every document of a table marked {@code deleting}, then its metadata. The second pass
     * starts no sooner than {@link #EXISTENCE_TTL} after this call, itself after the mark, so that it
     * also removes the writes of drivers that still trusted an existence check made before the mark.
     */
    private void finishDelete() {
        long marked = System.nanoTime();
        await(db().recursiveDelete(collection()), "deleteTable");
        long left = EXISTENCE_TTL_NANOS - (System.nanoTime() - marked);
        if (left > 0) {
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                throw GcpErrors.map(e, "deleteTable", resource);
            }
        }
        await(db().recursiveDelete(collection()), "deleteTable");
        await(meta().delete(), "deleteTable");
        forgetExistence();
    }

    @Override
    public boolean exists() {
        return schema().isPresent();
    }

    @Override
    public Optional<TableSchema> schema() {
        long sentAt = System.nanoTime();
        DocumentSnapshot snapshot = await(meta().get(), "describe");
        if (!snapshot.exists() || !ACTIVE.equals(snapshot.getString(STATE))) {
            forgetExistence();
            return Optional.empty();
        }
        existed(sentAt);
        return Optional.of(schemaOf(snapshot));
    }

    private static Map<String, Object> metaFields(TableSchema s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partitionKey", s.partitionKey());
        m.put("partitionKeyType", s.partitionKeyType().name());
        s.sortKey().ifPresent(k -> m.put("sortKey", k));
        s.sortKeyType().ifPresent(t -> m.put("sortKeyType", t.name()));
        m.put(STATE, ACTIVE);
        m.put("layout", 1L);
        m.put("created", FieldValue.serverTimestamp());
        return m;
    }

    private TableSchema schemaOf(DocumentSnapshot snapshot) {
        try {
            String pk = snapshot.getString("partitionKey");
            KeyType pkType = KeyType.valueOf(snapshot.getString("partitionKeyType"));
            String sk = snapshot.getString("sortKey");
            if (sk == null) {
                return TableSchema.of(pk, pkType);
            }
            return TableSchema.of(pk, pkType, sk, KeyType.valueOf(snapshot.getString("sortKeyType")));
        } catch (RuntimeException e) {
            throw new CloudException(ErrorCode.INTERNAL, "The metadata of table '" + name + "' ("
                    + snapshot.getReference().getPath() + ") is not readable: " + e, GcpErrors.PROVIDER, resource, e);
        }
    }

    /**
     * Reads the given documents, with the metadata document in the same call unless the table is
     * {@linkplain #knownToExist() known to exist}, failing with NOT_FOUND when the table is missing
     * or being deleted. With no documents and a known table it sends nothing.
     */
    private List<DocumentSnapshot> read(String operation, DocumentReference... refs) {
        if (knownToExist()) {
            return refs.length == 0 ? List.of() : await(db().getAll(refs), operation);
        }
        long sentAt = System.nanoTime();
        return checked(await(db().getAll(withMeta(refs)), operation), sentAt);
    }

    /** The metadata document followed by {@code refs}. */
    private DocumentReference[] withMeta(DocumentReference... refs) {
        DocumentReference[] all = new DocumentReference[refs.length + 1];
        all[0] = meta();
        System.arraycopy(refs, 0, all, 1, refs.length);
        return all;
    }

    /**
     * The snapshots after the metadata's, once the metadata says the table is active (remembered
     * from {@code sentAt}); NOT_FOUND otherwise.
     */
    private List<DocumentSnapshot> checked(List<DocumentSnapshot> snapshots, long sentAt) {
        DocumentSnapshot m = snapshots.get(0);
        if (!m.exists() || !ACTIVE.equals(m.getString(STATE))) {
            forgetExistence();
            throw notFound();
        }
        existed(sentAt);
        return snapshots.subList(1, snapshots.size());
    }

    // ---------------------------------------------------------------- items

    @Override
    public Optional<Item> get(TableSchema s, Key key) {
        DocumentSnapshot doc = read("get", ref(key)).get(0);
        return doc.exists() ? Optional.of(FirestoreValues.decodeItem(doc.getData())) : Optional.empty();
    }

    @Override
    public void write(TableSchema s, Item item, WriteCondition condition) {
        DocumentReference ref = ref(s.keyOf(item));
        Map<String, Object> data = FirestoreValues.encodeItem(item, versionOf(item));
        if (condition instanceof WriteCondition.Always) {
            read("put");
            await(ref.set(data), "put");
        } else if (condition instanceof WriteCondition.MustNotExist) {
            read("create");
            try {
                await(ref.create(data), "create");
            } catch (CloudException e) {
                if (e.code() == ErrorCode.ALREADY_EXISTS) {
                    throw GcpErrors.of(ErrorCode.ALREADY_EXISTS, "An item with key " + s.keyOf(item)
                            + " already exists in table '" + name + "'", resource);
                }
                throw e;
            }
        } else if (condition instanceof WriteCondition.MustExist) {
            for (int attempt = 0; attempt < MAX_REPLACE_ATTEMPTS; attempt++) {
                DocumentSnapshot doc = read("replace", ref).get(0);
                if (!doc.exists()) {
                    throw GcpErrors.of(ErrorCode.NOT_FOUND, "No item with key " + s.keyOf(item) + " in table '"
                            + name + "'", resource);
                }
                try {
                    replace(ref, doc, data, "replace");
                    return;
                } catch (CloudException e) {
                    if (e.code() != ErrorCode.PRECONDITION_FAILED) {
                        throw e;
                    }
                    // changed between read and write: the item still has to exist, so read again
                }
            }
            throw GcpErrors.of(ErrorCode.PRECONDITION_FAILED, "The item with key " + s.keyOf(item) + " in table '"
                    + name + "' kept changing during the replace", resource);
        } else if (condition instanceof WriteCondition.IfVersion v) {
            DocumentSnapshot doc = read("put", ref).get(0);
            checkVersion(doc, v.version(), s.keyOf(item));
            replace(ref, doc, data, "put");
        }
    }

    /** Replaces a document read at {@code doc}'s update time, failing if it changed since. */
    private void replace(DocumentReference ref, DocumentSnapshot doc, Map<String, Object> data, String operation) {
        List<Object> pairs = new ArrayList<>();
        data.forEach((k, v) -> {
            pairs.add(FieldPath.of(k));
            pairs.add(v);
        });
        Map<String, Object> old = doc.getData();
        if (old != null) {
            for (String k : old.keySet()) {
                if (!data.containsKey(k)) {
                    pairs.add(FieldPath.of(k));
                    pairs.add(FieldValue.delete());
                }
            }
        }
        Object[] more = pairs.subList(2, pairs.size()).toArray();
        try {
            await(ref.update(Precondition.updatedAt(doc.getUpdateTime()), (FieldPath) pairs.get(0), pairs.get(1),
                    more), operation);
        } catch (CloudException e) {
            if (e.code() == ErrorCode.PRECONDITION_FAILED || e.code() == ErrorCode.NOT_FOUND) {
                throw GcpErrors.of(ErrorCode.PRECONDITION_FAILED, "The item " + ref.getId() + " of table '" + name
                        + "' changed or was deleted concurrently", resource);
            }
            throw e;
        }
    }

    private void checkVersion(DocumentSnapshot doc, String expected, Key key) {
        Optional<String> stored = doc.exists() ? FirestoreValues.version(doc.getData()) : Optional.empty();
        if (stored.isEmpty() || !stored.get().equals(expected)) {
            throw GcpErrors.of(ErrorCode.PRECONDITION_FAILED, "The item with key " + key + " in table '" + name
                    + "' is " + (doc.exists() ? "at another version" : "gone") + " (expected version " + expected + ")",
                    resource);
        }
    }

    @Override
    public void delete(TableSchema s, Key key, WriteCondition condition) {
        DocumentReference ref = ref(key);
        if (condition instanceof WriteCondition.IfVersion v) {
            DocumentSnapshot doc = read("delete", ref).get(0);
            checkVersion(doc, v.version(), key);
            try {
                await(ref.delete(Precondition.updatedAt(doc.getUpdateTime())), "delete");
            } catch (CloudException e) {
                if (e.code() == ErrorCode.PRECONDITION_FAILED || e.code() == ErrorCode.NOT_FOUND) {
                    throw GcpErrors.of(ErrorCode.PRECONDITION_FAILED, "The item with key " + key + " of table '"
                            + name + "' changed or was deleted concurrently", resource);
                }
                throw e;
            }
        } else if (condition instanceof WriteCondition.MustExist) {
            for (int attempt = 0; attempt < MAX_REPLACE_ATTEMPTS; attempt++) {
                DocumentSnapshot doc = read("delete", ref).get(0);
                if (!doc.exists()) {
                    throw GcpErrors.of(ErrorCode.NOT_FOUND, "No item with key " + key + " in table '" + name + "'",
                            resource);
                }
                try {
                    await(ref.delete(Precondition.updatedAt(doc.getUpdateTime())), "delete");
                    return;
                } catch (CloudException e) {
                    if (e.code() != ErrorCode.PRECONDITION_FAILED && e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                    // changed or deleted in between: read again
                }
            }
            throw GcpErrors.of(ErrorCode.PRECONDITION_FAILED, "The item with key " + key + " in table '" + name
                    + "' kept changing during the delete", resource);
        } else {
            read("delete");
            await(ref.delete(), "delete");
        }
    }

    // ---------------------------------------------------------------- queries

    @Override
    public Page<Item> query(TableSchema s, Query query, int pageSize) {
        Optional<com.google.cloud.firestore.Query> q = sortedQuery(s, query);
        if (q.isEmpty()) {
            return queryWithoutSortKey(s, query);
        }
        List<QueryDocumentSnapshot> docs = await(q.get().limit(pageSize + 1).get(), "query").getDocuments();
        if (docs.isEmpty()) {
            read("query"); // NOT_FOUND when the table is gone
        }
        return page(s, docs, pageSize);
    }

    /** A query that Firestore cannot express as a collection query: no sort key, or an EQ past its one item. */
    private Page<Item> queryWithoutSortKey(TableSchema s, Query query) {
        if (query.cursor().isPresent()) {
            read("query");
            return new Page<>(List.of(), Optional.empty());
        }
        DocumentSnapshot doc = read("query", ref(new Key(query.partition(), Optional.empty()))).get(0);
        return new Page<>(doc.exists() ? List.of(FirestoreValues.decodeItem(doc.getData())) : List.of(),
                Optional.empty());
    }

    /**
     * The collection query of a portable query, without its limit; empty when the query has to be
     * answered by {@link #queryWithoutSortKey} (a table without sort key, or a continued EQ query).
     */
    private Optional<com.google.cloud.firestore.Query> sortedQuery(TableSchema s, Query query) {
        if (!s.hasSortKey()) {
            return Optional.empty();
        }
        KeyType sortType = s.sortKeyType().orElseThrow();
        FieldPath field = FieldPath.of(FirestoreValues.fieldName(s.sortKey().orElseThrow()));
        com.google.cloud.firestore.Query q = collection().document(FirestoreKeys.docId(query.partition()))
                .collection(itemsCollection());
        Optional<SortKeyCondition> condition = query.sortKey();
        if (condition.isPresent() && condition.get().operator() == SortKeyCondition.Operator.EQ) {
            // Firestore refuses an order on a field with an equality filter; there is one item at most.
            if (query.cursor().isPresent()) {
                return Optional.empty();
            }
            q = q.whereEqualTo(field, raw(condition.get().value()));
        } else {
            if (condition.isPresent()) {
                q = range(q, field, condition.get());
            }
            q = q.orderBy(field, query.descending() ? com.google.cloud.firestore.Query.Direction.DESCENDING
                    : com.google.cloud.firestore.Query.Direction.ASCENDING);
            if (query.cursor().isPresent()) {
                q = q.startAfter(FirestoreKeys.queryPosition(query.cursor().get(), sortType));
            }
        }
        return Optional.of(q);
    }

    /** The page of up to {@code pageSize} items of a query's documents (one more was asked for the cursor). */
    private static Page<Item> page(TableSchema s, List<QueryDocumentSnapshot> docs, int pageSize) {
        if (docs.isEmpty()) {
            return new Page<>(List.of(), Optional.empty());
        }
        List<Item> items = new ArrayList<>(Math.min(pageSize, docs.size()));
        for (int i = 0; i < docs.size() && i < pageSize; i++) {
            items.add(FirestoreValues.decodeItem(docs.get(i).getData()));
        }
        Optional<String> cursor = Optional.empty();
        if (docs.size() > pageSize) {
            Value last = items.get(items.size() - 1).get(s.sortKey().orElseThrow()).orElseThrow();
            cursor = Optional.of(FirestoreKeys.queryCursor(last));
        }
        return new Page<>(items, cursor);
    }

    // ---------------------------------------------------------------- asynchronous

    /**
     * {@link #read} on the client's future: the given documents in one {@code getAll}, with the
     * metadata document unless the table is known to exist; completes with NOT_FOUND when the table
     * is missing or being deleted.
     */
    private CompletableFuture<List<DocumentSnapshot>> readAsync(String operation, DocumentReference... refs) {
        if (knownToExist()) {
            return refs.length == 0 ? CompletableFuture.completedFuture(List.of())
                    : GcpFutures.of(() -> db().getAll(refs), operation, resource, timeout);
        }
        long sentAt = System.nanoTime();
        return GcpFutures.of(() -> db().getAll(withMeta(refs)), operation, resource, timeout)
                .thenApply(snapshots -> checked(snapshots, sentAt));
    }

    /** One {@code getAll} of the item (and the metadata, when not known) on the client's future: no thread waits. */
    @Override
    public CompletableFuture<Optional<Item>> getAsync(TableSchema s, Key key) {
        return readAsync("get", ref(key)).thenApply(docs -> docs.get(0).exists()
                ? Optional.of(FirestoreValues.decodeItem(docs.get(0).getData())) : Optional.<Item>empty());
    }

    /**
     * An unconditional put on the client's futures (the metadata check, then {@code set}); a
     * conditional write runs the blocking read-modify-write of {@link #write} on
     * {@link dev.polycloud.spi.BlockingAsync}'s pool.
     */
    @Override
    public CompletableFuture<Void> writeAsync(TableSchema s, Item item, WriteCondition condition) {
        if (!(condition instanceof WriteCondition.Always)) {
            return TableDriver.super.writeAsync(s, item, condition);
        }
        DocumentReference ref = ref(s.keyOf(item));
        Map<String, Object> data = FirestoreValues.encodeItem(item, versionOf(item));
        return readAsync("put").thenCompose(ok -> GcpFutures.of(() -> ref.set(data), "put", resource, timeout))
                .thenApply(result -> null);
    }

    /** A collection query on the client's future; the single-document forms run on the blocking pool. */
    @Override
    public CompletableFuture<Page<Item>> queryAsync(TableSchema s, Query query, int pageSize) {
        Optional<com.google.cloud.firestore.Query> q;
        try {
            q = sortedQuery(s, query);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(GcpErrors.map(e, "query", resource));
        }
        if (q.isEmpty()) {
            return TableDriver.super.queryAsync(s, query, pageSize);
        }
        return GcpFutures.of(() -> q.get().limit(pageSize + 1).get(), "query", resource, timeout)
                .thenCompose(snapshot -> {
                    List<QueryDocumentSnapshot> docs = snapshot.getDocuments();
                    if (docs.isEmpty()) {
                        return readAsync("query").thenApply(ok -> page(s, docs, pageSize));
                    }
                    return CompletableFuture.completedFuture(page(s, docs, pageSize));
                });
    }

    private static com.google.cloud.firestore.Query range(com.google.cloud.firestore.Query q, FieldPath field,
                                                          SortKeyCondition c) {
        Object v = raw(c.value());
        return switch (c.operator()) {
            case LT -> q.whereLessThan(field, v);
            case LE -> q.whereLessThanOrEqualTo(field, v);
            case GT -> q.whereGreaterThan(field, v);
            case GE -> q.whereGreaterThanOrEqualTo(field, v);
            case BETWEEN -> q.whereGreaterThanOrEqualTo(field, v)
                    .whereLessThanOrEqualTo(field, raw(c.upper().orElseThrow()));
            case BEGINS_WITH -> {
                String prefix = c.value().asString();
                com.google.cloud.firestore.Query from = q.whereGreaterThanOrEqualTo(field, prefix);
                Optional<String> next = successor(prefix);
                yield next.isPresent() ? from.whereLessThan(field, next.get()) : from;
            }
            case EQ -> q.whereEqualTo(field, v);
        };
    }

    /**
     * The smallest string greater than every string starting with {@code prefix}, in UTF-8 byte
     * order (Firestore's string order, which is code point order): the prefix with its last code
     * point incremented, skipping the surrogate range; empty when there is none.
     *
     * @param prefix the prefix
     * @return the bound, or empty when every string from the prefix on starts with it
     */
    static Optional<String> successor(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            int next = cps[i] + 1;
            if (next == 0xD800) {
                next = 0xE000;
            }
            if (next <= Character.MAX_CODE_POINT) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < i; j++) {
                    sb.appendCodePoint(cps[j]);
                }
                return Optional.of(sb.appendCodePoint(next).toString());
            }
        }
        return Optional.empty();
    }

    private static Object raw(Value v) {
        return v instanceof Value.LongValue l ? (Object) l.value() : v.asString();
    }

    @Override
    public Page<Item> scan(TableSchema s, Optional<String> cursor, int pageSize) {
        com.google.cloud.firestore.Query q = s.hasSortKey() ? db().collectionGroup(itemsCollection()) : collection();
        q = q.orderBy(FieldPath.documentId());
        if (cursor.isPresent()) {
            String path = FirestoreKeys.scanPosition(cursor.get(), s.hasSortKey() ? itemsCollection() : name);
            q = q.startAfter(db().document(path));
        }
        List<QueryDocumentSnapshot> docs = await(q.limit(pageSize + 1).get(), "scan").getDocuments();
        if (docs.isEmpty()) {
            read("scan");
            return new Page<>(List.of(), Optional.empty());
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < docs.size() && i < pageSize; i++) {
            items.add(FirestoreValues.decodeItem(docs.get(i).getData()));
        }
        Optional<String> next = docs.size() > pageSize
                ? Optional.of(FirestoreKeys.scanCursor(docs.get(pageSize - 1).getReference().getPath()))
                : Optional.empty();
        return new Page<>(items, next);
    }

    // ---------------------------------------------------------------- batches

    @Override
    public BatchOutcome<Optional<Item>> batchGet(TableSchema s, List<Key> keys) {
        DocumentReference[] refs = keys.stream().map(this::ref).toArray(DocumentReference[]::new);
        List<Item> found = new ArrayList<>();
        for (DocumentSnapshot doc : read("batchGet", refs)) {
            if (doc.exists()) {
                found.add(FirestoreValues.decodeItem(doc.getData()));
            }
        }
        return TableDriver.found(s, keys, found);
    }

    @Override
    public BatchOutcome<Void> batchWrite(TableSchema s, List<WriteOperation> operations) {
        read("batchWrite");
        WriteBatch batch = db().batch();
        long bytes = 0;
        int count = 0;
        for (WriteOperation op : operations) {
            long size;
            if (op instanceof WriteOperation.Put put) {
                DocumentReference ref = ref(s.keyOf(put.item()));
                size = ItemSize.of(put.item()) + 2048;
                if (count > 0 && bytes + size > COMMIT_BUDGET) {
                    await(batch.commit(), "batchWrite");
                    batch = db().batch();
                    bytes = 0;
                    count = 0;
                }
                batch.set(ref, FirestoreValues.encodeItem(put.item(), versionOf(put.item())));
            } else {
                DocumentReference ref = ref(((WriteOperation.Delete) op).key());
                size = 2048;
                batch.delete(ref);
            }
            bytes += size;
            count++;
        }
        if (count > 0) {
            await(batch.commit(), "batchWrite");
        }
        return BatchOutcome.allDone(operations.size());
    }

    // ---------------------------------------------------------------- helpers

    private static String versionOf(Item item) {
        return item.version().orElseGet(() -> Long.toHexString(Double.doubleToLongBits(Math.random()))
                + Long.toHexString(System.nanoTime()));
    }

    private <T> T await(com.google.api.core.ApiFuture<T> future, String operation) {
        return GcpErrors.await(future, operation, resource, timeout);
    }

    private CloudException notFound() {
        return GcpErrors.of(ErrorCode.NOT_FOUND, "Table '" + name + "' does not exist", resource);
    }

    @Override
    public String toString() {
        return "FirestoreTableDriver[" + name + "]";
    }
}

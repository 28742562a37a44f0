package dev.polycloud.conformance;

import static dev.polycloud.conformance.CloudAssertions.assertFailsWith;
import static dev.polycloud.conformance.CloudAssertions.assertInvalidArgument;
import static dev.polycloud.conformance.CloudAssertions.assertNotFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.table.Item;
import dev.polycloud.table.ItemSize;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Page;
import dev.polycloud.table.Query;
import dev.polycloud.table.Scan;
import dev.polycloud.table.SortKeyCondition;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableCapabilities;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.Value;
import dev.polycloud.table.WriteCondition;
import dev.polycloud.table.WriteOperation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table contract (DESIGN.md §5, {@link Table}): get/put/create/replace/delete semantics and
 * codes, exact round trips of every value type, every sort-key operator in both orders, paging
 * and scanning with cursors, versions and conditional writes (no lost update), batches, item
 * size, missing tables and validation.
 */
@DisplayName("Tables")
public abstract class TableConformance extends ConformanceSuite {

    /** A table keyed by a string {@code id}. */
    protected static final TableSchema SIMPLE = TableSchema.of("id", KeyType.STRING);
    /** A table keyed by a string {@code pk} and a long {@code sk}. */
    protected static final TableSchema LONG_SORT = TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG);
    /** A table keyed by a string {@code pk} and a string {@code sk}. */
    protected static final TableSchema STRING_SORT = TableSchema.of("pk", KeyType.STRING, "sk", KeyType.STRING);

    // ---------------------------------------------------------------- helpers

    /** The provider's table capabilities. */
    protected TableCapabilities caps() {
        return capabilities().tables();
    }

    /** A fresh table, deleted when the class is done. */
    protected Table newTable(TableSchema schema) {
        Table t = cloud.table(uniqueName("t"));
        afterwards(t::deleteTable);
        return t.createTable(schema);
    }

    /** A handle on a table that was never created. */
    protected Table missingTable() {
        return cloud.table(uniqueName("missing"));
    }

    private static Item simple(String id, Object... attributes) {
        Item.Builder b = Item.builder().put("id", id);
        for (int i = 0; i < attributes.length; i += 2) {
            b.put((String) attributes[i], attributes[i + 1]);
        }
        return b.build();
    }

    private static Item sorted(String pk, Object sk, Object... attributes) {
        Item.Builder b = Item.builder().put("pk", pk).put("sk", sk);
        for (int i = 0; i < attributes.length; i += 2) {
            b.put((String) attributes[i], attributes[i + 1]);
        }
        return b.build();
    }

    private static List<Object> sortKeys(List<Item> items) {
        return items.stream().map(i -> i.get("sk").orElseThrow().toJava()).toList();
    }

    private void awaitGone(Table t) {
        assertThat(eventually(t::exists, e -> !e)).as("%s should not exist after deleteTable", t).isFalse();
    }

    // ---------------------------------------------------------------- lifecycle

    @Nested
    @DisplayName("creating and deleting tables")
    class Lifecycle {

        @Test
        @DisplayName("a table exists once created, and not before")
        void exists() {
            Table t = cloud.table(uniqueName("t"));
            afterwards(t::deleteTable);
            assertThat(t.exists()).as("exists before create").isFalse();
            t.createTable(SIMPLE);
            assertThat(t.exists()).as("exists after create").isTrue();
            assertThat(t.schema()).isEqualTo(SIMPLE);
        }

        @Test
        @DisplayName("createTable with the same schema is idempotent and keeps the items")
        void createIdempotent() {
            Table t = newTable(LONG_SORT);
            t.put(sorted("p", 1L, "v", "kept"));
            assertThatCode(() -> t.createTable(LONG_SORT)).doesNotThrowAnyException();
            assertThat(t.get(Key.of("p", 1L)).orElseThrow().getString("v")).contains("kept");
        }

        @Test
        @DisplayName("createTable with another schema fails with ALREADY_EXISTS")
        void createOtherSchema() {
            Table t = newTable(LONG_SORT);
            assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> t.createTable(STRING_SORT));
            assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> t.createTable(SIMPLE));
        }

        @Test
        @DisplayName("a deleted table no longer exists")
        void deleted() {
            Table t = newTable(SIMPLE);
            t.put(simple("a"));
            t.deleteTable();
            awaitGone(t);
        }
    }

    // ---------------------------------------------------------------- item semantics

    /** A record as applications store it: key, decimal with scale, nested list and map, an optional field. */
    public record TypedOrder(String id, BigDecimal total, long quantity, List<String> tags, Map<String, Double> weights,
                             String note) {
    }

    @Nested
    @DisplayName("typed items")
    class TypedItems {

        @Test
        @DisplayName("a record round-trips through cloud.table(name, type); its null field is not stored")
        void recordRoundTrip() {
            Table t = newTable(SIMPLE);
            var orders = cloud.table(t.name(), TypedOrder.class);
            TypedOrder order = new TypedOrder("o-1", new BigDecimal("13.50"), 3, List.of("gift", "red"),
                    Map.of("box", 0.25), null);
            orders.insert(order);
            TypedOrder back = orders.get(Key.of("o-1")).orElseThrow();
            // Decimals compare numerically: a store may drop the scale (the mapping does not, see ItemsTest).
            assertThat(back.total()).isEqualByComparingTo("13.50");
            assertThat(back).usingRecursiveComparison().ignoringFields("total").isEqualTo(order);
            Item raw = t.get(Key.of("o-1")).orElseThrow();
            assertThat(raw.attributes()).doesNotContainKey("note");
            assertThat(raw.get("total")).contains(Value.of(new BigDecimal("13.50")));
            assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> orders.insert(order));
        }

        @Test
        @DisplayName("table.as(type) replaces, deletes and streams mapped objects")
        void asView() {
            Table t = newTable(SIMPLE);
            var orders = t.as(TypedOrder.class);
            orders.put(new TypedOrder("a", new BigDecimal("1.00"), 1, List.of("t"), Map.of("w", 1.0), "first"));
            orders.put(new TypedOrder("b", new BigDecimal("2.10"), 2, List.of("t"), Map.of("w", 1.0), null));
            orders.replace(new TypedOrder("a", new BigDecimal("1.50"), 5, List.of("x"), Map.of("w", 2.0), "second"));
            try (Stream<TypedOrder> all = orders.scanStream(Scan.all())) {
                assertThat(all.map(o -> o.id() + "=" + o.total().stripTrailingZeros().toPlainString() + "/" + o.note()))
                        .containsExactlyInAnyOrder("a=1.5/second", "b=2.1/null");
            }
            orders.delete(Key.of("a"));
            assertThat(orders.get(Key.of("a"))).isEmpty();
            assertFailsWith(ErrorCode.NOT_FOUND,
                    () -> orders.replace(new TypedOrder("zz", BigDecimal.ONE, 0, List.of("t"), Map.of("w", 1.0), null)));
        }
    }

    @Nested
    @DisplayName("reading and writing items")
    class ItemSemantics {

        @Test
        @DisplayName("get of an absent key returns empty")
        void getAbsent() {
            Table t = newTable(SIMPLE);
            assertThat(t.get(Key.of("nobody"))).isEmpty();
            Table s = newTable(LONG_SORT);
            s.put(sorted("p", 1L));
            assertThat(s.get(Key.of("p", 2L))).as("same partition, other sort key").isEmpty();
            assertThat(s.get(Key.of("q", 1L))).as("other partition, same sort key").isEmpty();
        }

        @Test
        @DisplayName("put then get returns the same attributes and a version")
        void putThenGet() {
            Table t = newTable(SIMPLE);
            Item item = simple("a", "name", "Ada", "age", 36L, "tags", List.of("x", "y"));
            Item stored = t.put(item);
            Item got = t.get(Key.of("a")).orElseThrow();
            assertThat(got.attributes()).isEqualTo(item.attributes());
            assertThat(got.version()).isPresent().isEqualTo(stored.version());
        }

        @Test
        @DisplayName("put is an upsert that replaces the whole item, not a merge")
        void putReplacesWholeItem() {
            Table t = newTable(SIMPLE);
            t.put(simple("a", "old", "x", "shared", 1L));
            t.put(simple("a", "new", "y", "shared", 2L));
            Item got = t.get(Key.of("a")).orElseThrow();
            assertThat(got.attributes()).isEqualTo(simple("a", "new", "y", "shared", 2L).attributes());
            assertThat(got.get("old")).isEmpty();
        }

        @Test
        @DisplayName("insert writes an absent item; on a present one it fails with ALREADY_EXISTS and changes nothing")
        void insertSemantics() {
            Table t = newTable(SIMPLE);
            Item first = t.insert(simple("a", "v", "first"));
            assertThat(first.version()).isPresent();
            assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> t.insert(simple("a", "v", "second")));
            Item got = t.get(Key.of("a")).orElseThrow();
            assertThat(got.getString("v")).contains("first");
            assertThat(got.version()).isEqualTo(first.version());
        }

        @Test
        @DisplayName("replace overwrites a present item; on an absent one it fails with NOT_FOUND and writes nothing")
        void replaceSemantics() {
            Table t = newTable(SIMPLE);
            assertNotFound(() -> t.replace(simple("a", "v", "ghost")));
            assertThat(t.get(Key.of("a"))).isEmpty();
            t.put(simple("a", "v", "one"));
            t.replace(simple("a", "v", "two"));
            assertThat(t.get(Key.of("a")).orElseThrow().getString("v")).contains("two");
        }

        @Test
        @DisplayName("delete removes an item, and deleting an absent key does nothing")
        void deleteSemantics() {
            Table t = newTable(SIMPLE);
            t.put(simple("a"));
            t.put(simple("b"));
            t.delete(Key.of("a"));
            assertThat(t.get(Key.of("a"))).isEmpty();
            assertThat(t.get(Key.of("b"))).isPresent();
            assertThatCode(() -> t.delete(Key.of("a"))).as("second delete").doesNotThrowAnyException();
            assertThatCode(() -> t.delete(Key.of("never"))).as("delete of a never-written key")
                    .doesNotThrowAnyException();
        }

        @Test
        @DisplayName("items of one partition with different sort keys are distinct")
        void sortKeysDistinguish() {
            Table t = newTable(STRING_SORT);
            t.put(sorted("p", "a", "v", 1L));
            t.put(sorted("p", "b", "v", 2L));
            t.put(sorted("q", "a", "v", 3L));
            assertThat(t.get(Key.of("p", "a")).orElseThrow().getLong("v")).contains(1L);
            assertThat(t.get(Key.of("p", "b")).orElseThrow().getLong("v")).contains(2L);
            assertThat(t.get(Key.of("q", "a")).orElseThrow().getLong("v")).contains(3L);
        }

        @Test
        @DisplayName("long partition keys work, negative ones included")
        void longPartitionKeys() {
            Table t = newTable(TableSchema.of("n", KeyType.LONG));
            for (long n : new long[] {Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE}) {
                t.put(Item.builder().put("n", n).put("v", "n=" + n).build());
            }
            for (long n : new long[] {Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE}) {
                assertThat(t.get(Key.of(n)).orElseThrow().getString("v")).contains("n=" + n);
            }
        }

        @Test
        @DisplayName("unicode string keys work, and keys differing only in case are distinct")
        void unicodeKeys() {
            Table t = newTable(SIMPLE);
            List<String> ids = List.of("ключ", "日本", "🎉", "a b", "A", "a", "with/slash", "with#hash",
                    "x".repeat(caps().maxKeyBytes()));
            for (String id : ids) {
                t.put(simple(id, "v", id));
            }
            for (String id : ids) {
                assertThat(t.get(Key.of(id)).orElseThrow().getString("v")).as("item %s", id).contains(id);
            }
        }
    }

    // ---------------------------------------------------------------- values

    static Stream<Arguments> values() {
        Map<String, Value> oddKeys = new LinkedHashMap<>();
        oddKeys.put("a.b", Value.of(1L));
        oddKeys.put("with space", Value.of(2L));
        oddKeys.put("ключ", Value.of(3L));
        oddKeys.put("$dollar", Value.of(4L));
        Value fiveDeep = Value.of(Map.of("l1", Value.list(Value.of(Map.of("l3",
                Value.list(Value.of(Map.of("l5", Value.of("deep"))), Value.of(5L)))), Value.of(true))));
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        return Stream.of(
                Arguments.of("Long.MIN_VALUE", Value.of(Long.MIN_VALUE)),
                Arguments.of("Long.MAX_VALUE", Value.of(Long.MAX_VALUE)),
                Arguments.of("long zero", Value.of(0L)),
                Arguments.of("a 38-digit decimal", Value.of(new BigDecimal("12345678901234567890123456789012345678"))),
                Arguments.of("a negative 38-digit decimal with a fraction",
                        Value.of(new BigDecimal("-1234567890123456789.0123456789012345678"))),
                Arguments.of("a small decimal", Value.of(new BigDecimal("0.00000000000000000000000000000000000001"))),
                Arguments.of("decimal 0.1 (not a double)", Value.of(new BigDecimal("0.1"))),
                Arguments.of("double 0.1", Value.of(0.1)),
                Arguments.of("double pi", Value.of(Math.PI)),
                Arguments.of("double 1.0 (stays a double)", Value.of(1.0)),
                Arguments.of("Double.MAX_VALUE", Value.of(Double.MAX_VALUE)),
                Arguments.of("Double.MIN_VALUE", Value.of(Double.MIN_VALUE)),
                Arguments.of("negative zero", Value.of(-0.0)),
                Arguments.of("NaN", Value.of(Double.NaN)),
                Arguments.of("positive infinity", Value.of(Double.POSITIVE_INFINITY)),
                Arguments.of("negative infinity", Value.of(Double.NEGATIVE_INFINITY)),
                Arguments.of("the empty string", Value.of("")),
                Arguments.of("a unicode string", Value.of("héllo wörld ✓ 日本語 🎉 עברית e\u0301")),
                Arguments.of("whitespace only", Value.of("  \t\n  ")),
                Arguments.of("a string that looks like a number", Value.of("007")),
                Arguments.of("a long string", Value.of("abc".repeat(5000))),
                Arguments.of("bytes with zeros", Value.of(new byte[] {0, 0, 1, 0, (byte) 0xFF, 0})),
                Arguments.of("all 256 byte values", Value.of(all)),
                Arguments.of("empty bytes", Value.of(new byte[0])),
                Arguments.of("true", Value.of(true)),
                Arguments.of("false", Value.of(false)),
                Arguments.of("null", Value.nullValue()),
                Arguments.of("a list of mixed types", Value.list(Value.of(1L), Value.of("two"), Value.of(3.0),
                        Value.of(true), Value.nullValue(), Value.of(new byte[] {0}), Value.of(new BigDecimal("4.5")))),
                Arguments.of("an empty list", Value.list()),
                Arguments.of("an empty map", Value.of(Map.of())),
                Arguments.of("a map with odd keys", Value.of(oddKeys)),
                Arguments.of("map and list nested 5 deep", fiveDeep));
    }

    @Nested
    @DisplayName("values round-trip exactly")
    class Values {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.polycloud.conformance.TableConformance#values")
        @DisplayName("a value read back equals the value written, type included")
        void roundTrip(String description, Value value) {
            Table t = newTable(SIMPLE);
            t.put(Item.builder().put("id", "v").put("value", value).build());
            Optional<Value> got = t.get(Key.of("v")).orElseThrow().get("value");
            assertThat(got).as(description).isPresent();
            assertThat(got.get().type()).as("type of %s", description).isEqualTo(value.type());
            assertThat(got.get()).as(description).isEqualTo(value);
        }

        @Test
        @DisplayName("an item holding every type at once round-trips, through get, query, scan and batch get")
        void everyTypeAtOnce() {
            Table t = newTable(LONG_SORT);
            Item.Builder b = Item.builder().put("pk", "p").put("sk", 1L);
            values().forEach(a -> b.put(((String) a.get()[0]).replaceAll("[^A-Za-z0-9]", "_"), (Value) a.get()[1]));
            Item item = b.build();
            t.put(item);
            assertThat(t.get(Key.of("p", 1L)).orElseThrow().attributes()).isEqualTo(item.attributes());
            assertThat(t.query(Query.partition("p").build()).items()).singleElement()
                    .satisfies(i -> assertThat(i.attributes()).isEqualTo(item.attributes()));
            assertThat(t.scan(Scan.all()).items()).singleElement()
                    .satisfies(i -> assertThat(i.attributes()).isEqualTo(item.attributes()));
            assertThat(t.batchGet(List.of(Key.of("p", 1L)))).singleElement()
                    .satisfies(i -> assertThat(i.attributes()).isEqualTo(item.attributes()));
        }

        @Test
        @DisplayName("an explicit null is kept distinct from an absent attribute")
        void nullIsNotAbsent() {
            Table t = newTable(SIMPLE);
            t.put(Item.builder().put("id", "n").put("present", Value.nullValue()).build());
            Item got = t.get(Key.of("n")).orElseThrow();
            assertThat(got.get("present")).contains(Value.nullValue());
            assertThat(got.get("absent")).isEmpty();
            assertThat(got.attributes()).containsOnlyKeys("id", "present");
        }

        @Test
        @DisplayName("long, double and decimal of the same number keep their own types")
        void numericTypesStayApart() {
            Table t = newTable(SIMPLE);
            t.put(Item.builder().put("id", "n").put("l", Value.of(1L)).put("d", Value.of(1.0))
                    .put("m", Value.of(new BigDecimal("1"))).build());
            Item got = t.get(Key.of("n")).orElseThrow();
            assertThat(got.get("l")).contains(Value.of(1L));
            assertThat(got.get("d")).contains(Value.of(1.0));
            assertThat(got.get("m")).contains(Value.of(new BigDecimal("1")));
        }
    }

    // ---------------------------------------------------------------- queries

    private static final List<Long> LONG_KEYS = List.of(-20L, -3L, 0L, 7L, 15L, 100L);
    // In UTF-8 byte order: uppercase before lowercase, and é (0xC3 0xA9) after every ASCII letter.
    private static final List<String> STRING_KEYS = List.of("Zulu", "a", "ap", "apple", "apricot", "b", "banana",
            "zebra", "éclair");

    static Stream<Arguments> sortCases() {
        List<Arguments> cases = List.of(
                Arguments.of("= 7", SortKeyCondition.eq(7L), List.of(7L)),
                Arguments.of("= 8 (no match)", SortKeyCondition.eq(8L), List.of()),
                Arguments.of("< 7", SortKeyCondition.lt(7L), List.of(-20L, -3L, 0L)),
                Arguments.of("<= 7", SortKeyCondition.le(7L), List.of(-20L, -3L, 0L, 7L)),
                Arguments.of("> 7", SortKeyCondition.gt(7L), List.of(15L, 100L)),
                Arguments.of(">= 7", SortKeyCondition.ge(7L), List.of(7L, 15L, 100L)),
                Arguments.of("between -3 and 15", SortKeyCondition.between(-3L, 15L), List.of(-3L, 0L, 7L, 15L)),
                Arguments.of("no condition (numeric order)", null, LONG_KEYS),
                Arguments.of("= \"apple\"", SortKeyCondition.eq("apple"), List.of("apple")),
                Arguments.of("< \"b\"", SortKeyCondition.lt("b"), List.of("Zulu", "a", "ap", "apple", "apricot")),
                Arguments.of("<= \"b\"", SortKeyCondition.le("b"), List.of("Zulu", "a", "ap", "apple", "apricot", "b")),
                Arguments.of("> \"b\"", SortKeyCondition.gt("b"), List.of("banana", "zebra", "éclair")),
                Arguments.of(">= \"b\"", SortKeyCondition.ge("b"), List.of("b", "banana", "zebra", "éclair")),
                Arguments.of("between \"apple\" and \"banana\"", SortKeyCondition.between("apple", "banana"),
                        List.of("apple", "apricot", "b", "banana")),
                Arguments.of("begins with \"ap\"", SortKeyCondition.beginsWith("ap"), List.of("ap", "apple", "apricot")),
                Arguments.of("begins with \"é\"", SortKeyCondition.beginsWith("é"), List.of("éclair")),
                Arguments.of("begins with \"q\" (no match)", SortKeyCondition.beginsWith("q"), List.of()),
                Arguments.of("no condition (UTF-8 byte order)", null, STRING_KEYS));
        List<Arguments> both = new ArrayList<>();
        for (Arguments a : cases) {
            Object[] v = a.get();
            boolean longKeys = v[0].toString().contains("numeric") || (v[1] != null
                    && ((SortKeyCondition) v[1]).value().type() == dev.polycloud.table.ValueType.LONG);
            both.add(Arguments.of(v[0] + ", ascending", v[1], v[2], false, longKeys));
            both.add(Arguments.of(v[0] + ", descending", v[1], v[2], true, longKeys));
        }
        return both.stream();
    }

    @Nested
    @DisplayName("queries")
    class Queries {

        private Table fill(boolean longKeys) {
            Table t = newTable(longKeys ? LONG_SORT : STRING_SORT);
            List<?> keys = longKeys ? LONG_KEYS : STRING_KEYS;
            List<WriteOperation> ops = new ArrayList<>();
            for (Object k : keys) {
                ops.add(WriteOperation.put(sorted("p", k, "v", "p/" + k)));
                // A neighbouring partition with the same sort keys must never leak into results.
                ops.add(WriteOperation.put(sorted("p2", k, "v", "p2/" + k)));
            }
            // Shuffle the write order so the store cannot rely on insertion order.
            Collections.reverse(ops);
            t.batchWrite(ops);
            return t;
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.polycloud.conformance.TableConformance#sortCases")
        @DisplayName("a sort-key condition selects the right items of the partition, in order")
        void sortKeyCondition(String description, SortKeyCondition condition, List<Object> expectedAscending,
                              boolean descending, boolean longKeys) {
            Table t = fill(longKeys);
            Query.Builder q = Query.partition("p");
            if (condition != null) {
                q.sortKey(condition);
            }
            if (descending) {
                q.descending();
            }
            List<Item> items = t.queryAll(q.build());
            List<Object> expected = new ArrayList<>(expectedAscending);
            if (descending) {
                Collections.reverse(expected);
            }
            assertThat(sortKeys(items)).as(description).isEqualTo(expected);
            assertThat(items).allSatisfy(i -> assertThat(i.getString("pk")).contains("p"));
            assertThat(items).allSatisfy(i -> assertThat(i.version()).isPresent());
        }

        @ParameterizedTest(name = "limit {0}, descending {1}")
        @CsvSource({"1,false", "4,false", "4,true", "7,true", "25,false", "30,true"})
        @DisplayName("paging with limit and cursor returns every item exactly once, in order")
        void paging(int limit, boolean descending) {
            Table t = newTable(LONG_SORT);
            List<WriteOperation> ops = new ArrayList<>();
            for (long i = 0; i < 25; i++) {
                ops.add(WriteOperation.put(sorted("p", i * 3, "v", i)));
                ops.add(WriteOperation.put(sorted("other", i, "v", i)));
            }
            t.batchWrite(ops);
            List<Object> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                // Each page from a freshly built query: the cursor alone carries the position.
                Query.Builder q = Query.partition("p").limit(limit);
                if (descending) {
                    q.descending();
                }
                if (cursor != null) {
                    q.cursor(cursor);
                }
                Page<Item> page = t.query(q.build());
                assertThat(page.items()).as("page %d", pages).hasSizeLessThanOrEqualTo(limit);
                seen.addAll(sortKeys(page.items()));
                cursor = page.cursor().orElse(null);
                pages++;
                assertThat(pages).as("pages (runaway cursor?)").isLessThanOrEqualTo(25 + 2);
            } while (cursor != null);
            List<Object> expected = new ArrayList<>();
            for (long i = 0; i < 25; i++) {
                expected.add(i * 3);
            }
            if (descending) {
                Collections.reverse(expected);
            }
            assertThat(seen).isEqualTo(expected);
            assertThat(pages).as("number of pages").isGreaterThanOrEqualTo((25 + limit - 1) / limit);
        }

        @Test
        @DisplayName("paging through a sort-key condition returns exactly the matching items")
        void pagingWithCondition() {
            Table t = newTable(LONG_SORT);
            List<WriteOperation> ops = new ArrayList<>();
            for (long i = 0; i < 30; i++) {
                ops.add(WriteOperation.put(sorted("p", i, "v", i)));
            }
            t.batchWrite(ops);
            Query query = Query.partition("p").sortKey(SortKeyCondition.between(5L, 22L)).limit(4).build();
            List<Object> seen = new ArrayList<>();
            Page<Item> page = t.query(query);
            seen.addAll(sortKeys(page.items()));
            while (page.cursor().isPresent()) {
                page = t.query(query.withCursor(page.cursor().get()));
                assertThat(page.items()).hasSizeLessThanOrEqualTo(4);
                seen.addAll(sortKeys(page.items()));
            }
            assertThat(seen).isEqualTo(IntStream.rangeClosed(5, 22).mapToObj(i -> (Object) (long) i).toList());
        }

        @Test
        @DisplayName("queryAll follows the cursors past the provider's page size")
        void queryAllFollowsCursors() {
            Table t = newTable(LONG_SORT);
            int count = Math.min(caps().maxPageSize() + 5, 1000);
            List<WriteOperation> ops = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                ops.add(WriteOperation.put(sorted("p", i)));
            }
            t.batchWrite(ops);
            List<Item> all = t.queryAll(Query.partition("p").build());
            assertThat(sortKeys(all)).isEqualTo(IntStream.range(0, count).mapToObj(i -> (Object) (long) i).toList());
        }

        @Test
        @DisplayName("queryStream reads lazily page by page and matches queryAll, in both directions")
        void queryStreamMatchesQueryAll() {
            Table t = newTable(LONG_SORT);
            List<WriteOperation> ops = new ArrayList<>();
            for (long i = 0; i < 30; i++) {
                ops.add(WriteOperation.put(sorted("p", i)));
            }
            t.batchWrite(ops);
            Query ascending = Query.partition("p").limit(7).build();
            assertThat(sortKeys(t.queryStream(ascending).toList())).isEqualTo(sortKeys(t.queryAll(ascending)))
                    .hasSize(30);
            assertThat(sortKeys(t.queryStream(ascending).limit(3).toList())).containsExactly(0L, 1L, 2L);
            Query descending = Query.partition("p").descending().limit(4).build();
            assertThat(sortKeys(t.queryStream(descending).skip(5).limit(2).toList())).containsExactly(24L, 23L);
            assertThat(t.scanStream(Scan.limit(6)).count()).isEqualTo(30);
        }

        @Test
        @DisplayName("a query of a table without sort key returns the partition's single item")
        void queryWithoutSortKey() {
            Table t = newTable(SIMPLE);
            t.put(simple("a", "v", 1L));
            t.put(simple("b", "v", 2L));
            assertThat(t.queryAll(Query.partition("a").build())).singleElement()
                    .satisfies(i -> assertThat(i.getLong("v")).contains(1L));
            assertThat(t.queryAll(Query.partition("zzz").build())).isEmpty();
        }

        @Test
        @DisplayName("a bad query is refused with INVALID_ARGUMENT")
        void badQueries() {
            Table simpleTable = newTable(SIMPLE);
            assertInvalidArgument(() -> simpleTable.query(Query.partition("a").sortKey(SortKeyCondition.eq(1L)).build()));
            Table longSorted = newTable(LONG_SORT);
            assertInvalidArgument(() -> longSorted.query(Query.partition("a").sortKey(SortKeyCondition.eq("x")).build()));
            assertInvalidArgument(() -> longSorted.query(Query.partition(5L).build()));
            assertInvalidArgument(() -> Query.partition("a").limit(0).build());
            assertInvalidArgument(() -> SortKeyCondition.between(1L, "z"));
            assertInvalidArgument(() -> SortKeyCondition.eq(1.5));
        }
    }

    // ---------------------------------------------------------------- scans

    @Nested
    @DisplayName("scans")
    class Scans {

        @ParameterizedTest(name = "page size {0}")
        @CsvSource({"1", "7", "100"})
        @DisplayName("a scan with limit and cursor returns every item exactly once")
        void scanPaging(int limit) {
            Table t = newTable(STRING_SORT);
            Set<String> expected = new HashSet<>();
            List<WriteOperation> ops = new ArrayList<>();
            for (int p = 0; p < 5; p++) {
                for (int s = 0; s < 6; s++) {
                    ops.add(WriteOperation.put(sorted("p" + p, "s" + s)));
                    expected.add("p" + p + "/s" + s);
                }
            }
            t.batchWrite(ops);
            List<String> seen = new ArrayList<>();
            Scan scan = Scan.limit(limit);
            int pages = 0;
            while (true) {
                Page<Item> page = t.scan(scan);
                assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
                page.items().forEach(i -> seen.add(i.getString("pk").orElseThrow() + "/" + i.getString("sk").orElseThrow()));
                pages++;
                assertThat(pages).as("pages (runaway cursor?)").isLessThanOrEqualTo(30 + 2);
                if (page.cursor().isEmpty()) {
                    break;
                }
                scan = scan.withCursor(page.cursor().get());
            }
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(new HashSet<>(seen)).isEqualTo(expected);
        }

        @Test
        @DisplayName("a scan of an empty table returns nothing")
        void emptyScan() {
            Table t = newTable(SIMPLE);
            Page<Item> page = t.scan(Scan.all());
            assertThat(page.items()).isEmpty();
            if (page.cursor().isPresent()) {
                assertThat(t.scan(Scan.all().withCursor(page.cursor().get())).items()).isEmpty();
            }
        }
    }

    // ---------------------------------------------------------------- batches

    @Nested
    @DisplayName("batches")
    class Batches {

        @Test
        @DisplayName("batch get returns the items found in the order of their keys, skipping missing keys")
        void batchGetWithMissing() {
            Table t = newTable(SIMPLE);
            t.put(simple("a", "v", 1L));
            t.put(simple("c", "v", 3L));
            t.put(simple("e", "v", 5L));
            List<Item> got = t.batchGet(List.of(Key.of("e"), Key.of("b"), Key.of("a"), Key.of("zz"), Key.of("c")));
            assertThat(got).extracting(i -> i.getString("id").orElseThrow()).containsExactly("e", "a", "c");
            assertThat(got).allSatisfy(i -> assertThat(i.version()).isPresent());
        }

        @Test
        @DisplayName("batch get of only missing keys returns nothing, and duplicate keys are read once")
        void batchGetEdgeCases() {
            Table t = newTable(LONG_SORT);
            assertThat(t.batchGet(List.of(Key.of("x", 1L), Key.of("y", 2L)))).isEmpty();
            t.put(sorted("x", 1L));
            assertThat(t.batchGet(List.of(Key.of("x", 1L), Key.of("x", 1L), Key.of("x", 2L)))).hasSize(1);
        }

        @Test
        @DisplayName("batch get of more keys than the provider's maxBatchGet returns them all")
        void bigBatchGet() {
            Table t = newTable(SIMPLE);
            int count = Math.min(Table.MAX_BATCH, 2 * caps().maxBatchGet() + 1);
            List<WriteOperation> ops = new ArrayList<>();
            List<Key> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ops.add(WriteOperation.put(simple("k" + i, "n", (long) i)));
                keys.add(Key.of("k" + i));
            }
            t.batchWrite(ops);
            List<Item> got = t.batchGet(keys);
            assertThat(got).extracting(i -> i.getLong("n").orElseThrow())
                    .isEqualTo(IntStream.range(0, count).mapToObj(i -> (long) i).toList());
        }

        @Test
        @DisplayName("batch write puts and deletes, and the written items carry usable versions")
        void batchWrite() {
            Table t = newTable(SIMPLE);
            t.put(simple("old-1"));
            t.put(simple("old-2"));
            t.batchWrite(List.of(WriteOperation.put(simple("new-1", "v", 1L)), WriteOperation.delete(Key.of("old-1")),
                    WriteOperation.put(simple("new-2", "v", 2L)), WriteOperation.delete(Key.of("never"))));
            assertThat(t.get(Key.of("old-1"))).isEmpty();
            assertThat(t.get(Key.of("old-2"))).isPresent();
            Item n1 = t.get(Key.of("new-1")).orElseThrow();
            assertThat(n1.getLong("v")).contains(1L);
            assertThat(t.get(Key.of("new-2")).orElseThrow().getLong("v")).contains(2L);
            assertThat(n1.version()).isPresent();
            assertThatCode(() -> t.put(simple("new-1", "v", 10L), WriteCondition.ifVersion(n1.version().get())))
                    .as("a conditional write on the version a batch wrote").doesNotThrowAnyException();
        }

        @Test
        @DisplayName("batch write of more operations than the provider's maxBatchWrite writes them all")
        void bigBatchWrite() {
            Table t = newTable(SIMPLE);
            int count = Math.min(Table.MAX_BATCH, 2 * caps().maxBatchWrite() + 3);
            List<WriteOperation> ops = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ops.add(WriteOperation.put(simple("w" + i)));
            }
            t.batchWrite(ops);
            List<Item> all = new ArrayList<>();
            Page<Item> page = t.scan(Scan.all());
            all.addAll(page.items());
            while (page.cursor().isPresent()) {
                page = t.scan(Scan.all().withCursor(page.cursor().get()));
                all.addAll(page.items());
            }
            assertThat(all).hasSize(count);
        }

        @Test
        @DisplayName("a batch write with two operations on one key is refused with INVALID_ARGUMENT and writes nothing")
        void duplicateKeysInBatch() {
            Table t = newTable(SIMPLE);
            assertInvalidArgument(() -> t.batchWrite(List.of(WriteOperation.put(simple("a", "v", 1L)),
                    WriteOperation.put(simple("b")), WriteOperation.delete(Key.of("a")))));
            assertThat(t.get(Key.of("a"))).isEmpty();
            assertThat(t.get(Key.of("b"))).isEmpty();
        }

        @Test
        @DisplayName("an empty batch get or batch write is refused with INVALID_ARGUMENT")
        void emptyBatches() {
            Table t = newTable(SIMPLE);
            assertInvalidArgument(() -> t.batchGet(List.of()));
            assertInvalidArgument(() -> t.batchWrite(List.of()));
        }
    }

    // ---------------------------------------------------------------- versions

    @Nested
    @DisplayName("versions and conditional writes")
    class Versions {

        @Test
        @DisplayName("every write gives a new version, and get returns the latest")
        void versionsChange() {
            Table t = newTable(SIMPLE);
            Item v1 = t.put(simple("a", "n", 1L));
            Item v2 = t.put(simple("a", "n", 2L));
            assertThat(v1.version()).isPresent();
            assertThat(v2.version()).isPresent().isNotEqualTo(v1.version());
            assertThat(t.get(Key.of("a")).orElseThrow().version()).isEqualTo(v2.version());
        }

        @Test
        @DisplayName("a write on the current version succeeds")
        void currentVersion() {
            Table t = newTable(SIMPLE);
            t.put(simple("a", "n", 1L));
            Item read = t.get(Key.of("a")).orElseThrow();
            t.put(simple("a", "n", 2L), WriteCondition.ifVersion(read.version().orElseThrow()));
            assertThat(t.get(Key.of("a")).orElseThrow().getLong("n")).contains(2L);
        }

        @Test
        @DisplayName("a write on a stale version fails with PRECONDITION_FAILED and changes nothing")
        void staleVersion() {
            Table t = newTable(SIMPLE);
            Item stale = t.put(simple("a", "n", 1L));
            Item current = t.put(simple("a", "n", 2L));
            assertFailsWith(ErrorCode.PRECONDITION_FAILED,
                    () -> t.put(simple("a", "n", 3L), WriteCondition.ifVersion(stale.version().orElseThrow())));
            Item got = t.get(Key.of("a")).orElseThrow();
            assertThat(got.getLong("n")).contains(2L);
            assertThat(got.version()).isEqualTo(current.version());
        }

        @Test
        @DisplayName("a write on the version of a deleted item fails with PRECONDITION_FAILED and writes nothing")
        void versionOfDeletedItem() {
            Table t = newTable(SIMPLE);
            Item v = t.put(simple("a"));
            t.delete(Key.of("a"));
            assertFailsWith(ErrorCode.PRECONDITION_FAILED,
                    () -> t.put(simple("a", "n", 1L), WriteCondition.ifVersion(v.version().orElseThrow())));
            assertThat(t.get(Key.of("a"))).isEmpty();
        }

        @Test
        @DisplayName("a conditional delete on the current version deletes; on a stale one it fails with PRECONDITION_FAILED")
        void conditionalDelete() {
            Table t = newTable(SIMPLE);
            Item stale = t.put(simple("a", "n", 1L));
            Item current = t.put(simple("a", "n", 2L));
            assertFailsWith(ErrorCode.PRECONDITION_FAILED,
                    () -> t.delete(Key.of("a"), WriteCondition.ifVersion(stale.version().orElseThrow())));
            assertThat(t.get(Key.of("a"))).as("item after the refused delete").isPresent();
            t.delete(Key.of("a"), WriteCondition.ifVersion(current.version().orElseThrow()));
            assertThat(t.get(Key.of("a"))).isEmpty();
        }

        @Test
        @DisplayName("a delete that must find its item fails with NOT_FOUND when it is absent")
        void deleteMustExist() {
            Table t = newTable(SIMPLE);
            assertNotFound(() -> t.delete(Key.of("a"), WriteCondition.mustExist()));
            t.put(simple("a"));
            t.delete(Key.of("a"), WriteCondition.mustExist());
            assertThat(t.get(Key.of("a"))).isEmpty();
        }

        @Test
        @DisplayName("a delete cannot require its item to be absent: INVALID_ARGUMENT")
        void deleteMustNotExist() {
            Table t = newTable(SIMPLE);
            assertInvalidArgument(() -> t.delete(Key.of("a"), WriteCondition.mustNotExist()));
        }

        @Test
        @DisplayName("no lost update: 20 threads x 25 conditional increments of one counter end at exactly 500")
        void noLostUpdate() throws Exception {
            Table t = newTable(SIMPLE);
            t.put(simple("counter", "n", 0L));
            int threads = 20;
            int increments = 25;
            AtomicInteger conflicts = new AtomicInteger();
            long deadline = System.nanoTime() + target().patience().multipliedBy(6).toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int th = 0; th < threads; th++) {
                    results.add(pool.submit(() -> {
                        int done = 0;
                        while (done < increments) {
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("gave up after " + done + " increments");
                            }
                            Item current = t.get(Key.of("counter")).orElseThrow();
                            long n = current.getLong("n").orElseThrow();
                            try {
                                t.put(simple("counter", "n", n + 1),
                                        WriteCondition.ifVersion(current.version().orElseThrow()));
                                done++;
                            } catch (CloudException e) {
                                if (e.code() != ErrorCode.PRECONDITION_FAILED) {
                                    throw e;
                                }
                                conflicts.incrementAndGet();
                            }
                        }
                        return done;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : results) {
                    total += f.get(target().patience().multipliedBy(6).toSeconds() + 60, TimeUnit.SECONDS);
                }
                assertThat(total).isEqualTo(threads * increments);
            } finally {
                pool.shutdownNow();
            }
            assertThat(t.get(Key.of("counter")).orElseThrow().getLong("n")).contains((long) threads * increments);
        }

        @Test
        @DisplayName("update() retries on conflicts so that concurrent updates are not lost")
        void updateRetries() throws Exception {
            Table t = newTable(SIMPLE);
            int threads = 8;
            int increments = 10;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int th = 0; th < threads; th++) {
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < increments; i++) {
                            t.update(Key.of("counter"), current -> simple("counter", "n",
                                    current.flatMap(c -> c.getLong("n")).orElse(0L) + 1));
                        }
                    }));
                }
                for (Future<?> f : results) {
                    f.get(target().patience().multipliedBy(3).toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(t.get(Key.of("counter")).orElseThrow().getLong("n")).contains((long) threads * increments);
        }
    }

    // ---------------------------------------------------------------- missing

    /** An operation on a table, for the NOT_FOUND tests. */
    protected enum TableOperation {
        GET("get") {
            @Override
            void apply(Table t) {
                t.get(Key.of("a"));
            }
        },
        PUT("put") {
            @Override
            void apply(Table t) {
                t.put(simple("a"));
            }
        },
        CREATE("create") {
            @Override
            void apply(Table t) {
                t.insert(simple("a"));
            }
        },
        REPLACE("replace") {
            @Override
            void apply(Table t) {
                t.replace(simple("a"));
            }
        },
        DELETE("delete") {
            @Override
            void apply(Table t) {
                t.delete(Key.of("a"));
            }
        },
        UPDATE("update") {
            @Override
            void apply(Table t) {
                t.update(Key.of("a"), current -> simple("a"));
            }
        },
        QUERY("query") {
            @Override
            void apply(Table t) {
                t.query(Query.partition("a").build());
            }
        },
        SCAN("scan") {
            @Override
            void apply(Table t) {
                t.scan(Scan.all());
            }
        },
        BATCH_GET("batchGet") {
            @Override
            void apply(Table t) {
                t.batchGet(List.of(Key.of("a"), Key.of("b")));
            }
        },
        BATCH_WRITE("batchWrite") {
            @Override
            void apply(Table t) {
                t.batchWrite(List.of(WriteOperation.put(simple("a")), WriteOperation.delete(Key.of("b"))));
            }
        },
        SCHEMA("schema") {
            @Override
            void apply(Table t) {
                t.schema();
            }
        },
        DELETE_TABLE("deleteTable") {
            @Override
            void apply(Table t) {
                t.deleteTable();
            }
        };

        private final String label;

        TableOperation(String label) {
            this.label = label;
        }

        abstract void apply(Table t);

        @Override
        public String toString() {
            return label;
        }
    }

    @Nested
    @DisplayName("missing and deleted tables")
    class Missing {

        @Test
        @DisplayName("exists is false for a table that was never created")
        void missingDoesNotExist() {
            assertThat(missingTable().exists()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(TableOperation.class)
        @DisplayName("an operation on a table that was never created fails with NOT_FOUND")
        void onMissingTable(TableOperation op) {
            Table t = missingTable();
            assertNotFound(() -> op.apply(t));
            assertThat(t.exists()).as("the failed %s must not create the table", op).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(TableOperation.class)
        @DisplayName("an operation on a deleted table fails with NOT_FOUND")
        void onDeletedTable(TableOperation op) {
            Table t = newTable(SIMPLE);
            t.put(simple("a"));
            t.deleteTable();
            awaitGone(t);
            assertNotFound(() -> op.apply(t));
        }
    }

    // ---------------------------------------------------------------- validation

    @Nested
    @DisplayName("validation")
    class Validation {

        private Item withBlob(int blobBytes) {
            byte[] blob = new byte[blobBytes];
            for (int i = 0; i < blob.length; i++) {
                blob[i] = (byte) (i * 7 + 3);
            }
            return Item.builder().put("id", "big").put("blob", Value.of(blob)).build();
        }

        private int blobFor(long itemBytes) {
            long overhead = ItemSize.of(withBlob(0));
            return (int) (itemBytes - overhead);
        }

        @Test
        @DisplayName("an item over maxItemBytes is refused with INVALID_ARGUMENT and nothing is written")
        void oversizedItem() {
            Table t = newTable(SIMPLE);
            Item item = withBlob(blobFor(caps().maxItemBytes() + 1L));
            assertThat(ItemSize.of(item)).isEqualTo(caps().maxItemBytes() + 1L);
            assertInvalidArgument(() -> t.put(item));
            assertInvalidArgument(() -> t.batchWrite(List.of(WriteOperation.put(item))));
            assertThat(t.get(Key.of("big"))).isEmpty();
        }

        @Test
        @DisplayName("an item of exactly maxItemBytes is stored and read back")
        void largestItem() {
            Table t = newTable(SIMPLE);
            Item item = withBlob(blobFor(caps().maxItemBytes()));
            assertThat(ItemSize.of(item)).isEqualTo(caps().maxItemBytes());
            t.put(item);
            assertThat(t.get(Key.of("big")).orElseThrow().attributes()).isEqualTo(item.attributes());
        }

        @Test
        @DisplayName("an item without its key attributes is refused with INVALID_ARGUMENT")
        void missingKeyAttributes() {
            Table simpleTable = newTable(SIMPLE);
            assertInvalidArgument(() -> simpleTable.put(Item.builder().put("name", "no id").build()));
            Table sortedTable = newTable(LONG_SORT);
            assertInvalidArgument(() -> sortedTable.put(Item.builder().put("pk", "p").build()));
        }

        @Test
        @DisplayName("a key of the wrong type is refused with INVALID_ARGUMENT")
        void wrongKeyType() {
            Table t = newTable(LONG_SORT);
            assertInvalidArgument(() -> t.put(sorted("p", "not a long")));
            assertInvalidArgument(() -> t.put(Item.builder().put("pk", 5L).put("sk", 1L).build()));
            assertInvalidArgument(() -> t.get(Key.of("p", "x")));
            assertInvalidArgument(() -> t.get(Key.of("p")));
            Table s = newTable(SIMPLE);
            assertInvalidArgument(() -> s.get(Key.of("a", 1L)));
            assertInvalidArgument(() -> s.put(Item.builder().put("id", 1.5).build()));
        }

        @Test
        @DisplayName("an empty string key and one over the provider's maxKeyBytes (at most 1,024 UTF-8 bytes) are refused"
                + " with INVALID_ARGUMENT")
        void keySizes() {
            Table t = newTable(SIMPLE);
            assertInvalidArgument(() -> t.put(simple("")));
            assertInvalidArgument(() -> t.get(Key.of("")));
            assertInvalidArgument(() -> t.put(simple("é".repeat(513))));
        }

        @Test
        @DisplayName("an attribute name with the reserved prefix, or empty, is refused with INVALID_ARGUMENT")
        void reservedAttributeNames() {
            Table t = newTable(SIMPLE);
            assertInvalidArgument(() -> t.put(simple("a", Item.RESERVED_PREFIX + "version", "x")));
            assertInvalidArgument(() -> t.put(simple("a", "", "x")));
            assertInvalidArgument(() -> t.put(simple("a", "n".repeat(256), "x")));
            assertThat(t.get(Key.of("a"))).isEmpty();
        }

        @Test
        @DisplayName("nesting deeper than 32 levels is refused with INVALID_ARGUMENT; 32 levels are stored")
        void nestingDepth() {
            Table t = newTable(SIMPLE);
            Value ok = Value.of("leaf");
            for (int i = 1; i < Value.MAX_DEPTH; i++) {
                ok = i % 2 == 0 ? Value.list(ok) : Value.of(Map.of("k", ok));
            }
            Value okFinal = ok;
            t.put(Item.builder().put("id", "ok").put("deep", okFinal).build());
            assertThat(t.get(Key.of("ok")).orElseThrow().get("deep")).contains(okFinal);
            Value tooDeep = Value.list(okFinal);
            assertInvalidArgument(() -> t.put(Item.builder().put("id", "deep").put("deep", tooDeep).build()));
        }

        @Test
        @DisplayName("a bad table schema is refused with INVALID_ARGUMENT")
        void badSchema() {
            assertInvalidArgument(() -> TableSchema.of("same", KeyType.STRING, "same", KeyType.LONG));
            assertInvalidArgument(() -> TableSchema.of("", KeyType.STRING));
            assertInvalidArgument(() -> TableSchema.of(Item.RESERVED_PREFIX + "pk", KeyType.STRING));
        }
    }

    // ---------------------------------------------------------------- contract holes (issue 9)

    @Nested
    @DisplayName("cursors are bound to what produced them")
    class CursorBinding {

        private Table filled() {
            Table t = newTable(LONG_SORT);
            List<WriteOperation> ops = new ArrayList<>();
            for (long i = 0; i < 6; i++) {
                ops.add(WriteOperation.put(sorted("p1", i)));
                ops.add(WriteOperation.put(sorted("p2", i)));
            }
            t.batchWrite(ops);
            return t;
        }

        private String cursorOf(Table t, Query q) {
            return t.query(q).cursor().orElseThrow(() -> new AssertionError("a first page of 2 should have a cursor"));
        }

        private void belongsElsewhere(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
            CloudException e = assertInvalidArgument(call);
            assertThat(e.getMessage()).containsIgnoringCase("belongs to another query");
        }

        @Test
        @DisplayName("a cursor of another partition, order, sort-key condition, table, or of a scan is INVALID_ARGUMENT")
        void foreignCursors() {
            Table t = filled();
            Table other = filled();
            String p2 = cursorOf(t, Query.partition("p2").limit(2).build());
            belongsElsewhere(() -> t.query(Query.partition("p1").limit(2).cursor(p2).build()));
            String desc = cursorOf(t, Query.partition("p1").descending().limit(2).build());
            belongsElsewhere(() -> t.query(Query.partition("p1").limit(2).cursor(desc).build()));
            String ge1 = cursorOf(t, Query.partition("p1").sortKey(SortKeyCondition.ge(1L)).limit(2).build());
            belongsElsewhere(() -> t.query(Query.partition("p1").sortKey(SortKeyCondition.ge(0L)).limit(2)
                    .cursor(ge1).build()));
            belongsElsewhere(() -> t.query(Query.partition("p1").limit(2).cursor(ge1).build()));
            String fromOther = cursorOf(other, Query.partition("p1").limit(2).build());
            belongsElsewhere(() -> t.query(Query.partition("p1").limit(2).cursor(fromOther).build()));
            String query = cursorOf(t, Query.partition("p1").limit(2).build());
            belongsElsewhere(() -> t.scan(Scan.limit(2).withCursor(query)));
            String scan = t.scan(Scan.limit(2)).cursor().orElseThrow();
            belongsElsewhere(() -> t.query(Query.partition("p1").limit(2).cursor(scan).build()));
            // the right cursor still works, with another page size
            assertThat(t.query(Query.partition("p1").limit(3).cursor(query).build()).items()).hasSize(3);
        }

        @Test
        @DisplayName("a garbage, random, 20 KB or damaged cursor is INVALID_ARGUMENT, never UNKNOWN")
        void garbageCursors() {
            Table t = filled();
            String good = cursorOf(t, Query.partition("p1").limit(2).build());
            char last = good.charAt(good.length() - 1);
            String damaged = good.substring(0, good.length() - 1) + (last == 'A' ? 'B' : 'A');
            byte[] random = new byte[40];
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(random);
            for (String cursor : List.of("garbage", java.util.Base64.getEncoder().encodeToString(random),
                    "x".repeat(20_000), damaged, "s1:" + t.name() + "/")) {
                assertInvalidArgument(() -> t.query(Query.partition("p1").limit(2).cursor(cursor).build()));
                assertInvalidArgument(() -> t.scan(Scan.limit(2).withCursor(cursor)));
            }
        }
    }

    @Nested
    @DisplayName("atomic increments")
    class Increments {

        @Test
        @DisplayName("increment creates an absent item and attribute, adds to a long, and refuses a non-long")
        void incrementSemantics() {
            Table t = newTable(LONG_SORT);
            Item created = t.increment(Key.of("p", 1L), "n", 5);
            assertThat(created.getLong("n")).contains(5L);
            assertThat(created.version()).isPresent();
            assertThat(t.increment(Key.of("p", 1L), "n", -2).getLong("n")).contains(3L);
            Item read = t.get(Key.of("p", 1L)).orElseThrow();
            assertThat(read.getLong("n")).contains(3L);
            assertThat(read.getString("pk")).contains("p");
            t.put(sorted("p", 2L, "n", "text", "d", 1.5));
            assertInvalidArgument(() -> t.increment(Key.of("p", 2L), "n", 1));
            assertInvalidArgument(() -> t.increment(Key.of("p", 2L), "d", 1));
            assertThat(t.get(Key.of("p", 2L)).orElseThrow().getString("n")).contains("text");
        }

        @Test
        @DisplayName("16 threads x 50 increments of one counter end at exactly 800, none giving up, and every"
                + " increment returns a distinct value")
        void concurrentIncrements() throws Exception {
            Table t = newTable(SIMPLE);
            int threads = 16;
            int each = 50;
            java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    futures.add(pool.submit(() -> {
                        for (int j = 0; j < each; j++) {
                            seen.add(t.increment(Key.of("counter"), "n", 1).getLong("n").orElseThrow());
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(t.get(Key.of("counter")).orElseThrow().getLong("n")).contains((long) threads * each);
            assertThat(seen).as("each increment returns the item as it stored it").hasSize(threads * each);
        }
    }

    @Nested
    @DisplayName("the declared key limit")
    class KeyLimit {

        @Test
        @DisplayName("keys of exactly maxKeyBytes are stored and keep the portable sort order; one more byte is"
                + " INVALID_ARGUMENT")
        void keysUpToTheLimitKeepTheirOrder() {
            int max = caps().maxKeyBytes();
            Table t = newTable(STRING_SORT);
            String prefix = "k".repeat(max - 1);
            List<String> keys = List.of(prefix + "a", prefix + "b", prefix + "c", prefix + "d");
            List<WriteOperation> ops = new ArrayList<>();
            for (int i = keys.size() - 1; i >= 0; i--) {
                ops.add(WriteOperation.put(Item.builder().put("pk", "p").put("sk", keys.get(i)).build()));
            }
            t.batchWrite(ops);
            assertThat(t.queryAll(Query.partition("p").build())).extracting(i -> i.getString("sk").orElseThrow())
                    .containsExactlyElementsOf(keys);
            assertThat(t.queryAll(Query.partition("p").sortKey(SortKeyCondition.gt(prefix + "b")).build()))
                    .extracting(i -> i.getString("sk").orElseThrow()).containsExactly(prefix + "c", prefix + "d");
            CloudException e = assertInvalidArgument(() -> t.put(Item.builder().put("pk", "p")
                    .put("sk", prefix + "ab").build()));
            assertThat(e.getMessage()).contains(Integer.toString(max));
        }
    }
}

package dev.polycloud.gcp.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.emulators.GcpEmulators;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Query;
import dev.polycloud.table.Scan;
import dev.polycloud.table.SortKeyCondition;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.Value;
import dev.polycloud.table.WriteCondition;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Firestore mappings that the portable suite cannot see, checked on the emulator. */
@DisplayName("Firestore driver on the emulator")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirestoreEmulatorTest {

    private Cloud cloud;
    private Firestore firestore;

    @BeforeAll
    void open() {
        cloud = Polycloud.open(PolycloudConfig.builder().setAll(GcpEmulators.get().config()).build());
        firestore = cloud.unwrap(Firestore.class);
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private Table newTable(TableSchema schema) {
        return cloud.table("t-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36))
                .createTable(schema);
    }

    private DocumentSnapshot doc(String path) throws Exception {
        return firestore.document(path).get().get();
    }

    @Test
    @DisplayName("the schema is a metadata document, and items live at the documented paths with their version")
    void layout() throws Exception {
        Table simple = newTable(TableSchema.of("id", KeyType.STRING));
        Table sorted = newTable(TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG));
        try {
            Item a = simple.put(Item.builder().put("id", "a/b").put("n", 1L).build());
            sorted.put(Item.builder().put("pk", "p").put("sk", 7L).build());
            DocumentSnapshot meta = doc("_pctables/" + simple.name());
            assertThat(meta.getString("partitionKey")).isEqualTo("id");
            assertThat(meta.getString("state")).isEqualTo("active");
            DocumentSnapshot item = doc(simple.name() + "/sa%2Fb");
            assertThat(item.getString("id")).isEqualTo("a/b");
            assertThat(item.getString("_pcv")).isEqualTo(a.version().orElseThrow());
            assertThat(doc(sorted.name() + "/sp/" + sorted.name() + ".items/n7").getLong("sk")).isEqualTo(7L);
        } finally {
            simple.deleteTable();
            sorted.deleteTable();
        }
        assertThat(doc("_pctables/" + simple.name()).exists()).isFalse();
        assertThat(firestore.collection(sorted.name()).listDocuments()).isEmpty();
        assertThat(firestore.collectionGroup(sorted.name() + ".items").get().get().isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @ValueSource(strings = {"..", ".", "__name__", "%2F", "a%b/c", "nul\u0000", "\uFFFD", "🎉"})
    @DisplayName("odd keys round-trip through put, get, query and scan")
    void oddKeys(String key) {
        Table t = newTable(TableSchema.of("pk", KeyType.STRING, "sk", KeyType.STRING));
        try {
            t.put(Item.builder().put("pk", key).put("sk", key).put("v", key).build());
            assertThat(t.get(Key.of(key, key)).orElseThrow().getString("v")).contains(key);
            assertThat(t.queryAll(Query.partition(key).sortKey(SortKeyCondition.beginsWith(key)).build()))
                    .singleElement().satisfies(i -> assertThat(i.getString("v")).contains(key));
            assertThat(t.scan(Scan.all()).items()).hasSize(1);
        } finally {
            t.deleteTable();
        }
    }

    @Test
    @DisplayName("keys whose ids would pass 1,500 bytes are hashed and still work")
    void hashedKeys() {
        Table t = newTable(TableSchema.of("id", KeyType.STRING));
        try {
            String a = "/".repeat(1024);
            String b = "%".repeat(1024);
            t.put(Item.builder().put("id", a).put("v", 1L).build());
            t.put(Item.builder().put("id", b).put("v", 2L).build());
            assertThat(t.get(Key.of(a)).orElseThrow().getLong("v")).contains(1L);
            assertThat(t.get(Key.of(b)).orElseThrow().getLong("v")).contains(2L);
        } finally {
            t.deleteTable();
        }
    }

    @Test
    @DisplayName("a conditional replace replaces the item, nested maps included, and never merges")
    void replaceIsNotMerge() {
        Table t = newTable(TableSchema.of("id", KeyType.STRING));
        try {
            Map<String, Value> nested = new LinkedHashMap<>();
            nested.put("x", Value.of(1L));
            nested.put("y", Value.of(2L));
            Item first = t.put(Item.builder().put("id", "a").put("m", Value.of(nested)).put("old", "gone").build());
            Item second = Item.builder().put("id", "a").put("m", Value.of(Map.of("z", Value.of(3L)))).build();
            t.put(second, WriteCondition.ifVersion(first.version().orElseThrow()));
            assertThat(t.get(Key.of("a")).orElseThrow().attributes()).isEqualTo(second.attributes());
            t.replace(Item.builder().put("id", "a").put("m", Value.of(Map.of())).build());
            assertThat(t.get(Key.of("a")).orElseThrow().get("m")).contains(Value.of(Map.of()));
        } finally {
            t.deleteTable();
        }
    }

    @Test
    @DisplayName("values nested deeper than Firestore's 20 levels are packed and read back")
    void deepValues() {
        Table t = newTable(TableSchema.of("id", KeyType.STRING));
        try {
            Value v = Value.of("leaf");
            for (int i = 0; i < 31; i++) {
                v = i % 2 == 0 ? Value.list(v) : Value.of(Map.of("k", v));
            }
            t.put(Item.builder().put("id", "deep").put("d", v).build());
            assertThat(t.get(Key.of("deep")).orElseThrow().get("d")).contains(v);
        } finally {
            t.deleteTable();
        }
    }

    @Test
    @DisplayName("string sort keys order by UTF-8 bytes, and begins-with finds exactly its prefix")
    void stringOrder() {
        Table t = newTable(TableSchema.of("pk", KeyType.STRING, "sk", KeyType.STRING));
        try {
            List<String> keys = List.of("Z", "a", "a\u0000", "é", "éa", "ê", "\uFFFD", "🎉", "🎉x");
            for (String k : keys) {
                t.put(Item.builder().put("pk", "p").put("sk", k).build());
            }
            List<String> seen = new ArrayList<>();
            t.queryAll(Query.partition("p").build()).forEach(i -> seen.add(i.getString("sk").orElseThrow()));
            assertThat(seen).isEqualTo(keys);
            List<String> prefixed = new ArrayList<>();
            t.queryAll(Query.partition("p").sortKey(SortKeyCondition.beginsWith("é")).descending().build())
                    .forEach(i -> prefixed.add(i.getString("sk").orElseThrow()));
            assertThat(prefixed).containsExactly("éa", "é");
            assertThat(t.queryAll(Query.partition("p").sortKey(SortKeyCondition.beginsWith("🎉")).build()))
                    .hasSize(2);
        } finally {
            t.deleteTable();
        }
    }

    @Test
    @DisplayName("a createTable that finds a deletion unfinished completes it first, leaving no old items")
    void unfinishedDelete() throws Exception {
        Table t = newTable(TableSchema.of("id", KeyType.STRING));
        t.put(Item.builder().put("id", "old").build());
        firestore.document("_pctables/" + t.name()).update("state", "deleting").get();
        assertThat(t.exists()).as("a table being deleted does not exist").isFalse();
        Table again = cloud.table(t.name()).createTable(TableSchema.of("id", KeyType.STRING));
        try {
            assertThat(again.get(Key.of("old"))).isEmpty();
        } finally {
            again.deleteTable();
        }
    }

    /** Records the short method name of every gRPC call on a channel (for example {@code Commit}). */
    private static final class RpcSpy implements ClientInterceptor {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
            calls.add(method.getBareMethodName());
            return next.newCall(method, options);
        }
    }

    @Nested
    @DisplayName("the table's existence check")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ExistenceCheck {

        private final RpcSpy spy = new RpcSpy();
        private Firestore spied;

        @BeforeAll
        void spiedClient() {
            String host = GcpEmulators.get().firestoreHost();
            // setEmulatorHost sets its own channel and the emulator's credentials; keep the credentials,
            // then build again on a plaintext channel that goes through the spy.
            FirestoreOptions emulator = FirestoreOptions.newBuilder().setProjectId(GcpEmulators.PROJECT)
                    .setEmulatorHost(host).build();
            spied = emulator.toBuilder().setEmulatorHost(null)
                    .setChannelProvider(InstantiatingGrpcChannelProvider.newBuilder().setEndpoint(host)
                            .setChannelConfigurator(b -> b.usePlaintext().intercept(spy)).build())
                    .build().getService();
        }

        @AfterAll
        void closeSpied() throws Exception {
            if (spied != null) {
                spied.close();
            }
        }

        private FirestoreTableDriver driver(String name) {
            return new FirestoreTableDriver(() -> spied, name, Duration.ofSeconds(30));
        }

        private String newName() {
            return "t-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
        }

        @Test
        @DisplayName("puts, gets and queries within the window send only their own request, and the next window reads the metadata once")
        void noMetadataReadPerWrite() throws Exception {
            TableSchema schema = TableSchema.of("pk", KeyType.STRING);
            FirestoreTableDriver driver = driver(newName());
            driver.create(schema);
            try {
                spy.calls.clear();
                long start = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    driver.write(schema, Item.builder().put("pk", "k" + i).put("n", (long) i).build()
                            .withVersion("v" + i),
                            WriteCondition.always());
                }
                assertThat(driver.get(schema, Key.of("k1"))).isPresent();
                assertThat(driver.getAsync(schema, Key.of("k2")).get()).isPresent();
                driver.writeAsync(schema, Item.builder().put("pk", "k9").build().withVersion("v9"),
                        WriteCondition.always()).get();
                if (System.nanoTime() - start < FirestoreTableDriver.EXISTENCE_TTL.toNanos()) {
                    assertThat(spy.calls).as("one commit per put, one read per get, no metadata read")
                            .containsExactly("Commit", "Commit", "Commit", "Commit", "Commit",
                                    "BatchGetDocuments", "BatchGetDocuments", "Commit");
                }

                Thread.sleep(FirestoreTableDriver.EXISTENCE_TTL.toMillis() + 100);
                spy.calls.clear();
                start = System.nanoTime();
                driver.write(schema, Item.builder().put("pk", "k0").build().withVersion("w"), WriteCondition.always());
                driver.write(schema, Item.builder().put("pk", "k1").build().withVersion("w"), WriteCondition.always());
                assertThat(spy.calls).as("after the window the first put checks the table again")
                        .startsWith("BatchGetDocuments", "Commit");
                if (System.nanoTime() - start < FirestoreTableDriver.EXISTENCE_TTL.toNanos()) {
                    assertThat(spy.calls).as("and the second put, inside the new window, does not")
                            .containsExactly("BatchGetDocuments", "Commit", "Commit");
                }
            } finally {
                driver.delete();
            }
        }

        @Test
        @DisplayName("a write through a driver that trusted the table is NOT_FOUND once another driver has deleted it, and recreates nothing")
        void deletedElsewhereIsNotFound() throws Exception {
            TableSchema schema = TableSchema.of("pk", KeyType.STRING);
            String name = newName();
            FirestoreTableDriver writer = driver(name);
            FirestoreTableDriver other = driver(name);
            writer.create(schema);
            writer.write(schema, Item.builder().put("pk", "a").build().withVersion("1"), WriteCondition.always());

            long start = System.nanoTime();
            other.delete();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("deleteTable waits out the window")
                    .isGreaterThanOrEqualTo(FirestoreTableDriver.EXISTENCE_TTL);

            assertThatThrownBy(() -> writer.write(schema, Item.builder().put("pk", "b").build().withVersion("2"),
                    WriteCondition.always()))
                    .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> writer.get(schema, Key.of("a")))
                    .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(firestore.collection(name).listDocuments()).as("no document of the deleted table").isEmpty();
        }

        @Test
        @DisplayName("a write racing a deletion by another driver inside the window is removed by the deletion's second pass")
        void writeRacingTheDeletionLeavesNothing() throws Exception {
            TableSchema schema = TableSchema.of("pk", KeyType.STRING);
            String name = newName();
            FirestoreTableDriver writer = driver(name);
            FirestoreTableDriver other = driver(name);
            writer.create(schema);
            writer.write(schema, Item.builder().put("pk", "a").build().withVersion("1"), WriteCondition.always());
            Thread deleter = new Thread(other::delete);
            deleter.start();
            try {
                for (int i = 0; i < 20 && deleter.isAlive(); i++) {
                    try {
                        writer.write(schema, Item.builder().put("pk", "r" + i).build().withVersion("1"),
                                WriteCondition.always());
                    } catch (CloudException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    }
                    Thread.sleep(20);
                }
            } finally {
                deleter.join(30_000);
            }
            assertThat(firestore.collection(name).listDocuments()).as("no document of the deleted table").isEmpty();
            assertThat(doc("_pctables/" + name).exists()).isFalse();
        }
    }
}

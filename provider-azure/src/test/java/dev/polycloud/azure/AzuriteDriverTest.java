package dev.polycloud.azure;

import dev.polycloud.azure.blob.AzureBlobDriver;
import dev.polycloud.azure.internal.AzureNames;
import dev.polycloud.azure.tables.KeyCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.PeekedMessageItem;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.Bucket;
import dev.polycloud.blob.PutOptions;
import dev.polycloud.emulators.Azurite;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceiveOptions;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.queue.QueueOptions;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Page;
import dev.polycloud.table.Query;
import dev.polycloud.table.SortKeyCondition;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.Value;
import dev.polycloud.table.WriteOperation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The driver mappings on a real Azurite: what is actually stored (read back with the native
 * clients) and the tricky cases the shared suite does not reach.
 */
@DisplayName("Azure drivers on Azurite")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzuriteDriverTest {

    private Cloud cloud;
    private String connectionString;

    @BeforeAll
    void open() {
        connectionString = Azurite.shared().connectionString();
        cloud = Polycloud.open(PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.connection-string", connectionString).build());
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static String name(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    }

    private static CloudException failure(Runnable r) {
        try {
            r.run();
        } catch (CloudException e) {
            return e;
        }
        throw new AssertionError("expected a CloudException");
    }

    @Nested
    @DisplayName("blobs")
    class Blobs {

        private Bucket bucket() {
            Bucket bucket = cloud.bucket(name("blob"));
            bucket.create();
            return bucket;
        }

        @Test
        @DisplayName("the unwrapped BlobServiceClient sees what the bucket stored, metadata under C# identifier names")
        void nativeView() {
            Bucket bucket = bucket();
            try {
                BlobInfo info = bucket.put("a/b.txt", "hello".getBytes(StandardCharsets.UTF_8), PutOptions.builder()
                        .contentType("text/plain").metadata("x-version", "2").metadata("2nd", "y").build());
                BlobProperties p = cloud.unwrap(BlobServiceClient.class).getBlobContainerClient(bucket.name())
                        .getBlobClient("a/b.txt").getProperties();
                assertThat(p.getBlobSize()).isEqualTo(5);
                assertThat(p.getETag()).isEqualTo(info.etag());
                assertThat(p.getContentType()).isEqualTo("text/plain");
                assertThat(p.getMetadata()).containsEntry("x_version", "2").containsEntry("_2nd", "y");
                assertThat(bucket.head("a/b.txt").orElseThrow().metadata())
                        .containsEntry("x-version", "2").containsEntry("2nd", "y");
            } finally {
                bucket.delete();
            }
        }

        @Test
        @DisplayName("content above the threshold is committed as 8 MiB blocks; up to it, as one Put Blob")
        void blocks() {
            Bucket bucket = bucket();
            try {
                int size = AzureBlobDriver.BLOCK_BYTES * 2 + 1;
                bucket.put("big", new java.io.ByteArrayInputStream(new byte[size]), PutOptions.defaults());
                bucket.put("small", new byte[AzureBlobDriver.BLOCK_BYTES]);
                var container = cloud.unwrap(BlobServiceClient.class).getBlobContainerClient(bucket.name());
                BlockList big = container.getBlobClient("big").getBlockBlobClient().listBlocks(BlockListType.COMMITTED);
                assertThat(big.getCommittedBlocks()).extracting(b -> b.getSizeLong())
                        .containsExactly((long) AzureBlobDriver.BLOCK_BYTES, (long) AzureBlobDriver.BLOCK_BYTES, 1L);
                assertThat(bucket.head("big").orElseThrow().size()).isEqualTo(size);
                BlockList small = container.getBlobClient("small").getBlockBlobClient()
                        .listBlocks(BlockListType.COMMITTED);
                assertThat(small.getCommittedBlocks()).hasSizeLessThanOrEqualTo(1);
                assertThat(bucket.head("small").orElseThrow().size()).isEqualTo(AzureBlobDriver.BLOCK_BYTES);
            } finally {
                bucket.delete();
            }
        }

        @Test
        @DisplayName("a stale ifMatch on a block upload is PRECONDITION_FAILED and leaves the object as it was")
        void staleBlockCommit() {
            Bucket bucket = bucket();
            try {
                BlobInfo first = bucket.put("k", "v1");
                bucket.put("k", "v2");
                CloudException e = failure(() -> bucket.put("k", new java.io.ByteArrayInputStream(
                        new byte[AzureBlobDriver.BLOCK_BYTES + 1]), PutOptions.builder().ifMatch(first.etag()).build()));
                assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
                assertThat(bucket.getString("k")).isEqualTo("v2");
            } finally {
                bucket.delete();
            }
        }
    }

    @Nested
    @DisplayName("queues")
    class Queues {

        @Test
        @DisplayName("the stored text is the JSON envelope and the options are queue metadata")
        void storedForm() {
            Queue q = cloud.queue(name("raw")).create(QueueOptions.builder().defaultLease(Duration.ofSeconds(45))
                    .build());
            q.send(Message.builder().body("hi").attribute("k", "v").build());
            QueueClient raw = cloud.unwrap(QueueServiceClient.class).getQueueClient(q.name());
            PeekedMessageItem peeked = raw.peekMessage();
            assertThat(peeked.getBody().toString()).startsWith("{\"pc\":1,").contains("\"a\":{\"k\":\"dg==\"}")
                    .endsWith(",\"b\":\"aGk=\"}");
            assertThat(raw.getProperties().getMetadata()).containsEntry("pcdefaultlease", "PT45S");
            q.delete();
        }

        @Test
        @DisplayName("a message sent by another tool arrives as its text")
        void foreignMessage() {
            Queue q = cloud.queue(name("foreign")).create();
            cloud.unwrap(QueueServiceClient.class).getQueueClient(q.name()).sendMessage("plain text");
            List<ReceivedMessage> got = q.receive(1, Duration.ofSeconds(5));
            assertThat(got).singleElement().satisfies(m -> {
                assertThat(m.bodyAsString()).isEqualTo("plain text");
                assertThat(m.attributes()).isEmpty();
            });
            q.ack(got);
            q.delete();
        }

        @Test
        @DisplayName("after extending a lease (which changes the pop receipt) the original receipt still acks")
        void receiptSurvivesExtend() {
            Queue q = cloud.queue(name("extend")).create();
            q.send("x");
            ReceivedMessage m = q.receive(ReceiveOptions.of(1, Duration.ofSeconds(5)).withLease(Duration.ofSeconds(5)))
                    .get(0);
            q.extendLease(m, Duration.ofSeconds(10));
            q.extendLease(m, Duration.ofSeconds(10));
            q.ack(m);
            assertThat(cloud.unwrap(QueueServiceClient.class).getQueueClient(q.name()).getProperties()
                    .getApproximateMessagesCountLong()).isZero();
            q.delete();
        }

        @Test
        @DisplayName("an ack that races an extension of the same delivery still deletes the message")
        void ackRacingExtend() throws Exception {
            Queue q = cloud.queue(name("race")).create();
            int count = 40;
            for (int i = 0; i < count; i++) {
                q.send("m-" + i);
            }
            List<ReceivedMessage> got = new ArrayList<>();
            while (got.size() < count) {
                List<ReceivedMessage> batch = q.receive(ReceiveOptions.of(10, Duration.ofSeconds(5))
                        .withLease(Duration.ofSeconds(2)));
                assertThat(batch).as("received %d of %d", got.size(), count).isNotEmpty();
                got.addAll(batch);
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<?>> calls = new ArrayList<>();
                for (ReceivedMessage m : got) {
                    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                    calls.add(pool.submit(() -> {
                        start.await();
                        try {
                            q.extendLease(m, Duration.ofSeconds(2));
                        } catch (CloudException lost) {
                            // the ack won the race: the delivery is over, which is fine
                        }
                        return null;
                    }));
                    calls.add(pool.submit(() -> {
                        start.await();
                        q.ack(m);
                        return null;
                    }));
                    start.countDown();
                }
                for (java.util.concurrent.Future<?> call : calls) {
                    call.get();
                }
            } finally {
                pool.shutdownNow();
            }
            Thread.sleep(3_000);
            assertThat(q.receive(10, Duration.ofSeconds(1))).as("acked messages delivered again")
                    .extracting(ReceivedMessage::bodyAsString).isEmpty();
            q.delete();
        }

        @Test
        @DisplayName("a receipt that is not ours is ignored by ack and nack, and refused by extend with PRECONDITION_FAILED")
        void foreignReceipt() {
            Queue q = cloud.queue(name("receipt")).create();
            q.send(Message.of("kept"));
            ReceivedMessage fake = new ReceivedMessage("id", new byte[] {1}, Map.of(), 1, java.time.Instant.now(),
                    java.util.Optional.empty(), "no-colon");
            q.ack(fake);
            q.nack(fake);
            assertThat(failure(() -> q.extendLease(fake, Duration.ofSeconds(5))).code())
                    .isEqualTo(ErrorCode.PRECONDITION_FAILED);
            assertThat(q.receive(1, Duration.ofSeconds(5))).extracting(m -> m.bodyAsString()).containsExactly("kept");
            q.delete();
        }

        @Test
        @DisplayName("a wrong account key is UNAUTHENTICATED, named and not retried into a timeout")
        void wrongKey() {
            String bad = connectionString.replace(Azurite.KEY, Azurite.KEY.replace('E', 'F'));
            try (Cloud wrong = Polycloud.open(PolycloudConfig.builder().provider("azure")
                    .set("polycloud.azure.connection-string", bad).build())) {
                CloudException e = failure(() -> wrong.queue("anything").exists());
                assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                assertThat(e.provider()).contains("azure");
                assertThat(e.resource()).contains("queue anything");
                assertThat(e.getMessage()).doesNotContain(Azurite.KEY.replace('E', 'F'));
                CloudException t = failure(() -> wrong.table("anything").get(Key.of("a")));
                assertThat(t.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            }
        }
    }

    @Nested
    @DisplayName("tables")
    class Tables {

        private Table sorted(KeyType sortType) {
            Table t = cloud.table(name("t"));
            return t.createTable(TableSchema.of("pk", KeyType.STRING, "sk", sortType));
        }

        private TableClient raw(Table t) {
            return cloud.unwrap(TableServiceClient.class).getTableClient(AzureNames.table(t.name()));
        }

        @Test
        @DisplayName("the stored entity: escaped keys, native properties, the version, and the schema row")
        void storedForm() {
            Table t = sorted(KeyType.LONG);
            Item stored = t.put(Item.builder().put("pk", "a/b").put("sk", -5L).put("name", "x")
                    .put("price", new java.math.BigDecimal("9.90")).build());
            TableClient raw = raw(t);
            TableEntity e = raw.getEntity("a.1b", KeyCodec.encodeLong(-5));
            assertThat(e.getProperties()).containsEntry("name", "x").containsEntry("pk", "a/b")
                    .containsEntry("sk", -5L).containsEntry("_pcv", stored.version().orElseThrow())
                    .containsKey("_pcx0").doesNotContainKey("price");
            TableEntity schema = raw.getEntity("", "schema");
            assertThat(schema.getProperties()).containsEntry("_pcpk", "pk").containsEntry("_pcsktype", "LONG")
                    .containsEntry("_pcname", t.name());
            t.deleteTable();
        }

        @Test
        @DisplayName("keys full of forbidden characters round-trip and query in portable order")
        void forbiddenCharacterKeys() {
            Table t = sorted(KeyType.STRING);
            List<String> keys = List.of("a", "a/", "a\\", "a#", "a?", "a\u0001", "a\u007F", "a\u0085", "a ", "a.",
                    "a~", "a>", "a[", "a]", "a\uE000", "a\uD83C\uDF89", "a\uFFFD", "a\uD7FF", "b");
            for (String k : keys) {
                t.put(Item.builder().put("pk", "p/#?").put("sk", k).build());
            }
            List<String> expected = new ArrayList<>(keys);
            expected.sort((x, y) -> Value.compareKeys(Value.of(x), Value.of(y)));
            List<String> got = t.queryAll(Query.partition("p/#?").limit(4).build()).stream()
                    .map(i -> i.getString("sk").orElseThrow()).toList();
            assertThat(got).containsExactlyElementsOf(expected);
            List<String> desc = t.queryAll(Query.partition("p/#?").descending().limit(3).build()).stream()
                    .map(i -> i.getString("sk").orElseThrow()).toList();
            List<String> reversed = new ArrayList<>(expected);
            java.util.Collections.reverse(reversed);
            assertThat(desc).containsExactlyElementsOf(reversed);
            for (String k : keys) {
                assertThat(t.get(Key.of("p/#?", k))).as("key %s", k).isPresent();
            }
            t.deleteTable();
        }

        @Test
        @DisplayName("long sort keys sort numerically, negatives first, in both directions and through cursors")
        void longKeys() {
            Table t = sorted(KeyType.LONG);
            long[] values = {Long.MIN_VALUE, -1000, -1, 0, 1, 7, 1000, Long.MAX_VALUE};
            List<WriteOperation> ops = new ArrayList<>();
            for (long v : values) {
                ops.add(WriteOperation.put(Item.builder().put("pk", "p").put("sk", v).build()));
            }
            t.batchWrite(ops);
            assertThat(t.queryAll(Query.partition("p").sortKey(SortKeyCondition.between(-1000L, 7L)).limit(2).build())
                    .stream().map(i -> i.getLong("sk").orElseThrow()).toList()).containsExactly(-1000L, -1L, 0L, 1L, 7L);
            assertThat(t.queryAll(Query.partition("p").sortKey(SortKeyCondition.lt(0L)).descending().limit(2).build())
                    .stream().map(i -> i.getLong("sk").orElseThrow()).toList()).containsExactly(-1L, -1000L,
                    Long.MIN_VALUE);
            t.deleteTable();
        }

        @Test
        @DisplayName("keys up to the declared 240 bytes: exact point access and range results; longer keys are refused")
        void keysUpToTheLimit() {
            Table t = sorted(KeyType.STRING);
            String prefix = "k".repeat(235);
            List<String> keys = List.of(prefix + "aaaaa", prefix + "b", prefix + "c", prefix, "k".repeat(200), "j", "l");
            for (String k : keys) {
                t.put(Item.builder().put("pk", "p").put("sk", k).put("len", (long) k.length()).build());
            }
            for (String k : keys) {
                assertThat(t.get(Key.of("p", k)).orElseThrow().getLong("len")).contains((long) k.length());
            }
            Comparator<String> portable = (x, y) -> Value.compareKeys(Value.of(x), Value.of(y));
            for (SortKeyCondition c : List.of(SortKeyCondition.gt(prefix + "a"), SortKeyCondition.le(prefix + "b"),
                    SortKeyCondition.between(prefix, prefix + "b"), SortKeyCondition.beginsWith(prefix),
                    SortKeyCondition.eq(prefix + "c"), SortKeyCondition.lt("k".repeat(220)))) {
                List<String> expected = keys.stream().filter(k -> c.matches(Value.of(k))).sorted(portable).toList();
                List<String> got = t.queryAll(Query.partition("p").sortKey(c).limit(2).build()).stream()
                        .map(i -> i.getString("sk").orElseThrow()).toList();
                assertThat(got).as("%s", c).containsExactlyInAnyOrderElementsOf(expected);
                List<String> desc = t.queryAll(Query.partition("p").sortKey(c).descending().limit(2).build())
                        .stream().map(i -> i.getString("sk").orElseThrow()).toList();
                assertThat(desc).as("descending %s", c).containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(failure(() -> t.put(Item.builder().put("pk", "p").put("sk", "k".repeat(241)).build())).code())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            t.deleteTable();
        }

        @Test
        @DisplayName("descending paging returns every item once, in order, whatever the page size")
        void descendingPaging() {
            Table t = sorted(KeyType.STRING);
            List<WriteOperation> ops = new ArrayList<>();
            for (int i = 0; i < 57; i++) {
                ops.add(WriteOperation.put(Item.builder().put("pk", "p").put("sk", String.format("%03d", i)).build()));
            }
            t.batchWrite(ops);
            for (int pageSize : new int[] {1, 7, 56, 57, 58}) {
                List<String> got = new ArrayList<>();
                Page<Item> page = t.query(Query.partition("p").descending().limit(pageSize).build());
                got.addAll(page.items().stream().map(i -> i.getString("sk").orElseThrow()).toList());
                while (page.cursor().isPresent()) {
                    assertThat(page.items()).hasSize(pageSize);
                    page = t.query(Query.partition("p").descending().limit(pageSize).build().withCursor(
                            page.cursor().get()));
                    got.addAll(page.items().stream().map(i -> i.getString("sk").orElseThrow()).toList());
                }
                assertThat(got).as("page size %d", pageSize).hasSize(57).isSortedAccordingTo(Comparator.reverseOrder());
            }
            t.deleteTable();
        }

        @Test
        @DisplayName("a batch write deletes absent keys as a no-op, across partitions, in transactions")
        void batchWithAbsentDeletes() {
            Table t = sorted(KeyType.STRING);
            List<WriteOperation> ops = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                ops.add(WriteOperation.put(Item.builder().put("pk", "p" + (i % 3)).put("sk", "s" + i).build()));
                ops.add(WriteOperation.delete(Key.of("p" + (i % 3), "absent" + i)));
            }
            t.batchWrite(ops);
            assertThat(t.scan(dev.polycloud.table.Scan.all()).items()).hasSize(60);
            t.deleteTable();
        }

        @Test
        @DisplayName("an entity written by another tool is read, its ETag as version, and conditional writes work on it")
        void foreignEntity() {
            Table t = cloud.table(name("foreign")).createTable(TableSchema.of("id", KeyType.STRING));
            TableEntity e = new TableEntity("x", "");
            e.addProperty("id", "x").addProperty("n", 5).addProperty("when", OffsetDateTime.parse("2024-01-01T00:00:00Z"));
            raw(t).createEntity(e);
            Item item = t.get(Key.of("x")).orElseThrow();
            assertThat(item.getLong("n")).contains(5L);
            assertThat(item.version()).isPresent();
            assertThatCode(() -> t.put(item.toBuilder().put("n", 6L).build(),
                    dev.polycloud.table.WriteCondition.ifVersion(item.version().get()))).doesNotThrowAnyException();
            t.deleteTable();
        }

        @Test
        @DisplayName("a hyphenated name maps to a letters-and-digits table, and a colliding name is refused")
        void nameMapping() {
            String portable = name("my-table");
            Table t = cloud.table(portable).createTable(TableSchema.of("id", KeyType.STRING));
            String nativeName = AzureNames.table(portable);
            assertThat(nativeName).matches("[a-z0-9]{3,63}");
            assertThat(cloud.unwrap(TableServiceClient.class).getTableClient(nativeName).getEntity("", "schema"))
                    .isNotNull();
            CloudException e = failure(() -> cloud.table(nativeName).createTable(TableSchema.of("id", KeyType.STRING)));
            assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
            assertThat(e.getMessage()).contains(portable);
            t.deleteTable();
        }

        @Test
        @DisplayName("a cursor that is not ours is refused with INVALID_ARGUMENT")
        void badCursor() {
            Table t = sorted(KeyType.STRING);
            assertThat(failure(() -> t.query(Query.partition("p").cursor("garbage!").build())).code())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            Page<Item> ascending = t.scan(dev.polycloud.table.Scan.all());
            assertThat(ascending.cursor()).isEmpty();
            t.deleteTable();
        }
    }
}

package dev.polycloud.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.internal.Retrier;
import dev.polycloud.spi.TableDriver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Lazy table streams")
class TableStreamTest {

    private static final TableSchema SCHEMA = TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG);

    /** A partition of {@code size} items served page by page from positions "0", "1", ..., counting fetches. */
    private static final class PagedDriver implements TableDriver {
        final int size;
        final AtomicInteger fetches = new AtomicInteger();

        PagedDriver(int size) {
            this.size = size;
        }

        private Page<Item> page(Optional<String> position, int pageSize) {
            fetches.incrementAndGet();
            long from = position.map(Long::parseLong).orElse(0L);
            long to = Math.min(size, from + pageSize);
            List<Item> items = LongStream.range(from, to)
                    .mapToObj(i -> Item.builder().put("pk", "p").put("sk", i).build()).toList();
            return new Page<>(items, to < size ? Optional.of(Long.toString(to)) : Optional.empty());
        }

        @Override
        public Page<Item> query(TableSchema schema, Query query, int pageSize) {
            return page(query.cursor(), pageSize);
        }

        @Override
        public Page<Item> scan(TableSchema schema, Optional<String> position, int pageSize) {
            return page(position, pageSize);
        }

        @Override
        public Optional<TableSchema> schema() {
            return Optional.of(SCHEMA);
        }

        @Override
        public void create(TableSchema schema) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public Optional<Item> get(TableSchema schema, Key key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(TableSchema schema, Item item, WriteCondition condition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(TableSchema schema, Key key, WriteCondition condition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.polycloud.spi.BatchOutcome<Optional<Item>> batchGet(TableSchema schema, List<Key> keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.polycloud.spi.BatchOutcome<Void> batchWrite(TableSchema schema, List<WriteOperation> operations) {
            throw new UnsupportedOperationException();
        }
    }

    private static Table table(PagedDriver driver) {
        return dev.polycloud.internal.Handles.table().create("t", driver, new TableCapabilities(400_000, 100, 25, 1000, false),
                new Retrier("test", 1, Duration.ofMillis(1)), dev.polycloud.function.PayloadCodec.mapper());
    }

    @Nested
    @DisplayName("queryStream")
    class QueryStream {

        @Test
        @DisplayName("reading the first 10 of 100,000 items fetches exactly one page")
        void firstTenFetchOnePage() {
            PagedDriver driver = new PagedDriver(100_000);
            List<Long> first = table(driver).queryStream(Query.partition("p").limit(50).build()).limit(10)
                    .map(i -> i.getLong("sk").orElseThrow()).toList();
            assertThat(first).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(driver.fetches).hasValue(1);
        }

        @Test
        @DisplayName("reading everything follows every cursor once and returns every item in order")
        void everything() {
            PagedDriver driver = new PagedDriver(2_345);
            List<Long> all = table(driver).queryStream(Query.partition("p").limit(1000).build())
                    .map(i -> i.getLong("sk").orElseThrow()).toList();
            assertThat(all).isEqualTo(LongStream.range(0, 2_345).boxed().toList());
            assertThat(driver.fetches).hasValue(3);
        }

        @Test
        @DisplayName("reading into the second page fetches two pages, not more")
        void secondPage() {
            PagedDriver driver = new PagedDriver(100_000);
            assertThat(table(driver).queryStream(Query.partition("p").limit(10).build()).skip(12).findFirst())
                    .hasValueSatisfying(i -> assertThat(i.getLong("sk")).contains(12L));
            assertThat(driver.fetches).hasValue(2);
        }
    }

    @Nested
    @DisplayName("scanStream")
    class ScanStream {

        @Test
        @DisplayName("reading the first items of a large table fetches one page")
        void firstItems() {
            PagedDriver driver = new PagedDriver(100_000);
            assertThat(table(driver).scanStream(Scan.limit(100)).limit(5).count()).isEqualTo(5);
            assertThat(driver.fetches).hasValue(1);
        }

        @Test
        @DisplayName("reading everything returns every item once")
        void everything() {
            PagedDriver driver = new PagedDriver(250);
            assertThat(table(driver).scanStream(Scan.limit(100)).count()).isEqualTo(250);
            assertThat(driver.fetches).hasValue(3);
        }
    }
}

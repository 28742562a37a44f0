package dev.polycloud.benchmarks;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-memory table put + get of a random key among {@code items} through the portable
 * {@link Table}, against a {@link ConcurrentHashMap} that stores an immutable copy ({@code Map.copyOf}
 * of a mutable map) of the item per put (the honest baseline: the portable layer also copies and validates). Run with
 * {@code -t 1} and {@code -t 2}. Throughput in operations (one put, one get) per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LocalTableBenchmark {

    /** Distinct keys, all present before the measurement. */
    @Param({"1000", "1000000"})
    public int items;

    private Cloud cloud;
    private Table table;
    private final ConcurrentHashMap<String, Map<String, Object>> baseline = new ConcurrentHashMap<>();
    private Item[] itemsByKey;
    private Key[] keys;
    private String[] names;
    private Map<String, Object>[] plainItems;

    /** Opens a private in-memory cloud and fills both stores. */
    @Setup(Level.Trial)
    public void open() {
        cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build());
        table = cloud.table("bench-table").createTable(TableSchema.of("pk", KeyType.STRING));
        itemsByKey = new Item[items];
        keys = new Key[items];
        names = new String[items];
        plainItems = newArray(items);
        for (int i = 0; i < items; i++) {
            names[i] = "customer-" + i;
            itemsByKey[i] = Item.builder().put("pk", names[i]).put("name", "Ada").put("visits", (long) i)
                    .put("tags", List.of("a", "b")).build();
            keys[i] = Key.of(names[i]);
            table.put(itemsByKey[i]);
            plainItems[i] = new java.util.HashMap<>(Map.of("pk", names[i], "name", "Ada", "visits", (long) i,
                    "tags", List.of("a", "b")));
            baseline.put(names[i], Map.copyOf(plainItems[i]));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object>[] newArray(int n) {
        return new Map[n];
    }

    /** Closes the cloud. */
    @TearDown(Level.Trial)
    public void close() {
        cloud.close();
    }

    /**
     * Polycloud: portable put (validation, size, version) and get.
     *
     * @return the item read back
     */
    @Benchmark
    public Optional<Item> polycloud() {
        int i = ThreadLocalRandom.current().nextInt(items);
        table.put(itemsByKey[i]);
        return table.get(keys[ThreadLocalRandom.current().nextInt(items)]);
    }

    /**
     * The baseline: an immutable copy per put into a {@link ConcurrentHashMap}, and a get.
     *
     * @return the map read back
     */
    @Benchmark
    public Map<String, Object> baseline() {
        int i = ThreadLocalRandom.current().nextInt(items);
        baseline.put(names[i], Map.copyOf(plainItems[i]));
        return baseline.get(names[ThreadLocalRandom.current().nextInt(items)]);
    }
}

package dev.polycloud.benchmarks;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.spi.TableDriver;
import dev.polycloud.spi.TableDrivers;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.WriteCondition;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the portable table layer (key and item validation, size computation, versioning) costs
 * over its driver: one put and one get per operation on the in-memory provider.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TableOverheadBenchmark {

    private Cloud cloud;
    private Table portable;
    private TableDriver driver;
    private final TableSchema schema = TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG);
    private final Item item = Item.builder().put("pk", "customer-42").put("sk", 7L).put("name", "Ada")
            .put("tags", java.util.List.of("a", "b")).put("balance", new java.math.BigDecimal("12.50")).build();
    private final Key key = Key.of("customer-42", 7L);

    /** Opens a private in-memory cloud with two tables. */
    @Setup(Level.Trial)
    public void open() {
        cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build());
        portable = cloud.table("bench-portable").createTable(schema);
        cloud.table("bench-driver").createTable(schema);
        driver = cloud.unwrap(TableDrivers.class).table("bench-driver");
    }

    /** Closes the cloud. */
    @TearDown(Level.Trial)
    public void close() {
        cloud.close();
    }

    /**
     * Through the portable {@link Table}.
     *
     * @return the item read back
     */
    @Benchmark
    public Optional<Item> portablePutGet() {
        portable.put(item);
        return portable.get(key);
    }

    /**
     * Straight on the driver.
     *
     * @return the item read back
     */
    @Benchmark
    public Optional<Item> driverPutGet() {
        driver.write(schema, item.withVersion(UUID.randomUUID().toString()), WriteCondition.always());
        return driver.get(schema, key);
    }
}

package dev.polycloud.benchmarks;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.benchmarks.baseline.LeasedQueue;
import dev.polycloud.message.Message;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retained heap per queued message and per table item at 1,000,000, for the in-memory provider
 * and for the plain-Java baselines (heap used after a full GC, before and after filling).
 * Prints one line per store: {@code memory <name> <bytes per entry>}. Run it with a fixed heap
 * ({@code -Xmx4g}); the numbers include the 17-byte body and the keys of each entry.
 */
public final class MemoryFootprint {

    private static final int N = 1_000_000;

    private MemoryFootprint() {
    }

    /**
     * Runs the four measurements.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Message message = Message.builder().body("benchmark payload").attribute("kind", "bench").build();
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build())) {
            long before = used();
            Queue queue = cloud.queue("memory-queue").create();
            List<Message> batch = Collections.nCopies(1000, message);
            for (int i = 0; i < N; i += batch.size()) {
                queue.sendBatch(batch);
            }
            report("polycloud-queue", before, queue);

            before = used();
            LeasedQueue plainQueue = new LeasedQueue();
            for (int i = 0; i < N; i++) {
                plainQueue.send(message.body(), message.attributes());
            }
            report("baseline-queue", before, plainQueue);

            before = used();
            Table table = cloud.table("memory-table").createTable(TableSchema.of("pk", KeyType.STRING));
            for (int i = 0; i < N; i++) {
                table.put(Item.builder().put("pk", "customer-" + i).put("name", "Ada").put("visits", (long) i)
                        .put("tags", List.of("a", "b")).build());
            }
            report("polycloud-table", before, table);

            before = used();
            Map<String, Map<String, Object>> plainTable = new ConcurrentHashMap<>();
            for (int i = 0; i < N; i++) {
                Map<String, Object> item = new HashMap<>();
                item.put("pk", "customer-" + i);
                item.put("name", "Ada");
                item.put("visits", (long) i);
                item.put("tags", List.of("a", "b"));
                plainTable.put("customer-" + i, Map.copyOf(item));
            }
            report("baseline-table", before, plainTable);
        }
    }

    private static void report(String name, long before, Object keepAlive) {
        long after = used();
        System.out.printf("memory %s %d%n", name, (after - before) / N);
        if (keepAlive.hashCode() == 42) {
            System.out.print("");
        }
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

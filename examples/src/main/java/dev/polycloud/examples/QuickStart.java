package dev.polycloud.examples;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.message.Message;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Query;
import dev.polycloud.table.SortKeyCondition;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.topic.Subscription;
import dev.polycloud.topic.SubscriptionFilter;
import dev.polycloud.topic.SubscriptionOptions;
import dev.polycloud.topic.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tour of the portable API on whatever provider is configured ({@code local} by default):
 * a queue, a topic with a filtered subscription, and a table with a conditional update and a
 * sort-key query. Written only against {@code polycloud-api}.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /**
     * Runs the tour and prints each step.
     *
     * @param args {@code --trace} to print the OpenTelemetry span tree at the end; configure with
     *             {@code -Dpolycloud.provider=...}
     * @throws InterruptedException when interrupted while waiting for the listener
     */
    public static void main(String[] args) throws InterruptedException {
        TraceTree trace = List.of(args).contains("--trace") ? new TraceTree() : null;
        try (Cloud cloud = trace == null ? Polycloud.open() : Polycloud.builder().observer(trace.observer()).open()) {
            System.out.println("Provider: " + cloud.provider());

            Queue jobs = cloud.queue("quickstart-jobs").create();
            jobs.sendBatch(List.of(Message.of("resize image 1"), Message.of("resize image 2")));
            CountDownLatch handled = new CountDownLatch(2);
            try (Listener listener = jobs.listen(m -> {                 // ack on return, nack if it throws
                System.out.println("queue  -> " + m.bodyAsString() + " (delivery " + m.deliveryCount() + ")");
                handled.countDown();
            }, ListenerOptions.builder().concurrency(2).pollWait(Duration.ofSeconds(1)).build())) {
                handled.await(10, TimeUnit.SECONDS);
            }
            String id = jobs.async().send("resize image 3").join();  // the same call, as a CompletableFuture
            System.out.println("async  -> sent " + id);
            jobs.ack(jobs.receive(10, Duration.ofSeconds(1)));

            Topic events = cloud.topic("quickstart-events").create();
            Subscription orders = events.subscription("quickstart-orders")
                    .create(SubscriptionOptions.builder().filter(SubscriptionFilter.equals("type", "order")).build());
            events.publish(Message.builder().body("order 42 created").attribute("type", "order").build());
            events.publish(Message.builder().body("user 7 signed in").attribute("type", "login").build());
            for (ReceivedMessage m : orders.receive(10, Duration.ofSeconds(1))) {
                System.out.println("topic  -> " + m.bodyAsString() + " " + m.attributes());
                orders.ack(m);
            }

            Table stock = cloud.table("quickstart-stock")
                    .createTable(TableSchema.of("shop", KeyType.STRING, "sku", KeyType.STRING));
            stock.put(Item.builder().put("shop", "paris").put("sku", "apple").put("count", 3L).build());
            stock.put(Item.builder().put("shop", "paris").put("sku", "apricot").put("count", 5L).build());
            stock.put(Item.builder().put("shop", "paris").put("sku", "banana").put("count", 7L).build());
            Item updated = stock.update(Key.of("paris", "apple"), current -> current.orElseThrow().toBuilder()
                    .put("count", current.orElseThrow().getLong("count").orElse(0L) + 1).build());
            System.out.println("table  -> apple count is now " + updated.getLong("count").orElseThrow());
            for (Item item : stock.queryAll(Query.partition("paris").sortKey(SortKeyCondition.beginsWith("ap"))
                    .build())) {
                System.out.println("table  -> " + item.getString("sku").orElseThrow() + " = "
                        + item.getLong("count").orElseThrow());
            }
            System.out.println("Done.");
        }
        if (trace != null) {
            System.out.println("Trace tree:\n" + trace.render());
        }
    }
}

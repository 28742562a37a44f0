package dev.polycloud.examples.orders;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.ScheduledEvent;
import dev.polycloud.table.Item;
import dev.polycloud.table.Page;
import dev.polycloud.table.Scan;
import java.util.Optional;

/**
 * Runs nightly on the {@code nightly-orders-summary} schedule: counts the orders and the items
 * ordered and puts one summary on the {@code order-summaries} queue. Returns the summary text.
 */
public final class OrdersSummaryFunction implements FunctionHandler<ScheduledEvent, String> {

    @Override
    public String handle(ScheduledEvent event, FunctionContext context) {
        long orders = 0;
        long items = 0;
        Optional<String> cursor = Optional.empty();
        do {
            Scan scan = cursor.map(c -> Scan.all().withCursor(c)).orElse(Scan.all());
            Page<Item> page = Services.cloud().table(Services.ORDERS_TABLE).scan(scan);
            for (Item item : page.items()) {
                orders++;
                items += item.getLong("quantity").orElse(0L);
            }
            cursor = page.cursor();
        } while (cursor.isPresent());
        String summary = "Orders summary (" + event.schedule() + ", due " + event.scheduledTime() + "): " + orders
                + " orders, " + items + " items";
        Services.cloud().queue(Services.SUMMARIES_QUEUE).send(summary);
        context.logger().info(summary);
        return summary;
    }
}

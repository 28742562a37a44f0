package dev.polycloud.test;

import static dev.polycloud.test.PolycloudAssertions.assertDrained;
import static dev.polycloud.test.PolycloudAssertions.assertItemEqualsIgnoringVersion;
import static dev.polycloud.test.PolycloudAssertions.eventuallyReceives;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycloud.Cloud;
import dev.polycloud.local.LocalClock;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The snippet of the README section "Testing your code", verbatim. */
@PolycloudTest
@DisplayName("The README's testing snippet")
class ReadmeSnippetTest {

    @Test
    @DisplayName("an unacked message comes back when its lease ends on the LocalClock")
    void unackedMessageComesBackWhenItsLeaseEnds(Cloud cloud, LocalClock clock) {
        Queue orders = cloud.queue("orders").create();
        orders.send("order-1");

        ReceivedMessage first = eventuallyReceives(orders, Duration.ofSeconds(5));   // leased for 30 s
        assertDrained(orders);                          // nothing else is visible while it is leased
        clock.advance(Duration.ofSeconds(30));          // no sleeping: the lease ends on the clock
        ReceivedMessage again = eventuallyReceives(orders, Duration.ofSeconds(5));
        assertEquals(first.id(), again.id());
        assertEquals(2, again.deliveryCount());
    }

    @Test
    @DisplayName("a stored item reads back equal to the built one, ignoring its version")
    void storedItemReadsBackWithAVersion(Cloud cloud) {
        Table customers = cloud.table("customers").createTable(TableSchema.of("id", KeyType.STRING));
        Item ada = Item.builder().put("id", "ada").put("plan", "pro").build();
        customers.put(ada);
        assertItemEqualsIgnoringVersion(ada, customers.get(Key.of("ada")).orElseThrow());
    }
}

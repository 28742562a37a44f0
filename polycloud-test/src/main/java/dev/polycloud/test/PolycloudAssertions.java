package dev.polycloud.test;

import dev.polycloud.message.MessageReceiver;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.table.Item;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions for tests of code that uses queues, subscriptions and tables. Failures are
 * {@link AssertionFailedError}s (expected/actual shown by IDEs); they need no assertion library.
 *
 * <pre>{@code
 * ReceivedMessage m = PolycloudAssertions.eventuallyReceives(queue, Duration.ofSeconds(5));
 * PolycloudAssertions.assertDrained(queue);
 * PolycloudAssertions.assertItemEqualsIgnoringVersion(expected, table.get(key).orElseThrow());
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class PolycloudAssertions {

    private static final Duration POLL = Duration.ofMillis(200);

    private PolycloudAssertions() {
    }

    /**
     * Waits until the queue or subscription delivers a message and returns it, still leased (the caller acks it).
     *
     * @param receiver the queue or subscription
     * @param within how long to wait in total
     * @return the first message received
     * @throws AssertionFailedError when none arrives in time
     * @throws NullPointerException when an argument is null
     */
    public static ReceivedMessage eventuallyReceives(MessageReceiver receiver, Duration within) {
        return eventuallyReceives(receiver, m -> true, within);
    }

    /**
     * Waits until the queue or subscription delivers a message matching the condition and returns it, still
     * leased (the caller acks it). Messages received on the way that do not match are nacked, so they become
     * visible again for the code under test.
     *
     * @param receiver the queue or subscription
     * @param condition what the message must satisfy
     * @param within how long to wait in total
     * @return the first matching message
     * @throws AssertionFailedError when none arrives in time, listing the non-matching bodies seen
     * @throws NullPointerException when an argument is null
     */
    public static ReceivedMessage eventuallyReceives(MessageReceiver receiver, Predicate<ReceivedMessage> condition,
                                                     Duration within) {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(within, "within");
        long deadline = System.nanoTime() + within.toNanos();
        List<String> seen = new ArrayList<>();
        do {
            long left = deadline - System.nanoTime();
            Duration wait = Duration.ofNanos(Math.max(0, Math.min(left, POLL.toNanos())));
            for (ReceivedMessage m : receiver.receive(10, wait)) {
                if (condition.test(m)) {
                    return m;
                }
                seen.add(m.bodyAsString());
                receiver.nack(m);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionFailedError("Expected " + receiver + " to deliver a matching message within " + within
                + (seen.isEmpty() ? ", but it delivered none" : ", but it delivered only " + seen));
    }

    /**
     * Asserts that the queue or subscription has no visible message now (it does not wait). A message it finds
     * is nacked, so it stays for the code under test.
     *
     * @param receiver the queue or subscription
     * @throws AssertionFailedError when a message is visible, showing its body
     * @throws NullPointerException when {@code receiver} is null
     */
    public static void assertDrained(MessageReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        List<ReceivedMessage> left = receiver.receive(10, Duration.ZERO);
        if (!left.isEmpty()) {
            List<String> bodies = left.stream().map(ReceivedMessage::bodyAsString).toList();
            receiver.nack(left);
            throw new AssertionFailedError("Expected " + receiver + " to be drained, but it still holds " + bodies,
                    List.of(), bodies);
        }
    }

    /**
     * Asserts that two items have the same attributes, whatever their versions (an item read back from a table
     * carries a version the one built by the test lacks).
     *
     * @param expected the expected item
     * @param actual the actual item
     * @throws AssertionFailedError when the attributes differ
     * @throws NullPointerException when an argument is null
     */
    public static void assertItemEqualsIgnoringVersion(Item expected, Item actual) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        if (!expected.attributes().equals(actual.attributes())) {
            throw new AssertionFailedError("Items differ (ignoring version)", expected.attributes(),
                    actual.attributes());
        }
    }
}

package dev.polycloud.conformance;

import dev.polycloud.Capabilities;
import dev.polycloud.Cloud;
import dev.polycloud.message.MessageReceiver;
import dev.polycloud.message.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of every suite class: opens one {@link Cloud} per runner class from
 * {@link #target()}, closes it afterwards, and offers helpers for unique names and polling.
 *
 * <p>Runners subclass a suite class and implement {@link #target()}; the {@code @Nested} groups
 * of the suite run against that target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceSuite {

    /** The cloud under test, open for the whole class. */
    protected Cloud cloud;

    /**
     * The target under test.
     *
     * @return the target
     */
    protected abstract ConformanceTarget target();

    @BeforeAll
    void openCloud() {
        cloud = target().open();
    }

    @AfterAll
    void closeCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    /**
     * The capabilities the provider declares.
     *
     * @return the capabilities
     */
    protected Capabilities capabilities() {
        return cloud.capabilities();
    }

    /**
     * A fresh resource name, unique across tests and runs, valid everywhere.
     *
     * @param prefix a short lowercase prefix such as {@code "q"}
     * @return the name
     */
    protected static String uniqueName(String prefix) {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
        return (prefix + "-" + suffix).toLowerCase(Locale.ROOT);
    }

    /**
     * Receives until {@code count} messages have arrived or the target's patience runs out,
     * without acking them.
     *
     * @param receiver a queue or subscription
     * @param count how many to wait for
     * @return what arrived (maybe fewer than {@code count} when patience ran out)
     */
    protected List<ReceivedMessage> receiveAtLeast(MessageReceiver receiver, int count) {
        List<ReceivedMessage> got = new ArrayList<>();
        long deadline = System.nanoTime() + target().patience().toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(receiver.receive(Math.min(10, count - got.size()), Duration.ofSeconds(1)));
        }
        return got;
    }

    /**
     * Receives until a message matching the predicate arrives or patience runs out; messages that
     * do not match are nacked.
     *
     * @param receiver a queue or subscription
     * @param wanted the predicate
     * @return the matching message, or null when none came in time
     */
    protected ReceivedMessage receiveMatching(MessageReceiver receiver, Predicate<ReceivedMessage> wanted) {
        long deadline = System.nanoTime() + target().patience().toNanos();
        while (System.nanoTime() < deadline) {
            for (ReceivedMessage m : receiver.receive(10, Duration.ofSeconds(1))) {
                if (wanted.test(m)) {
                    return m;
                }
                receiver.nack(m);
            }
        }
        return null;
    }
}

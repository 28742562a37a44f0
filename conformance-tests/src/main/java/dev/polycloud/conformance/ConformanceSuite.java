package dev.polycloud.conformance;

import dev.polycloud.Capabilities;
import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.message.MessageReceiver;
import dev.polycloud.message.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
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

    /** Deletions of the resources the tests created, run last-in first-out before the cloud closes. */
    private final Deque<Runnable> cleanups = new ConcurrentLinkedDeque<>();

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
        try {
            Runnable r;
            while ((r = cleanups.pollFirst()) != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    // Best effort: the resource may be gone already (deleted by the test itself).
                }
            }
        } finally {
            if (cloud != null) {
                cloud.close();
            }
        }
    }

    /**
     * Registers the deletion of a resource a test created, run when the class is done (so that
     * runs against a shared emulator or a real account leave nothing behind). Deletions run
     * last-registered first and their failures are ignored.
     *
     * @param deletion the deletion
     */
    protected void afterwards(Runnable deletion) {
        cleanups.addFirst(() -> {
            try {
                deletion.run();
            } catch (CloudException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
        });
    }

    /**
     * How long to watch for something that must <em>not</em> happen (a message that must not
     * arrive): a twentieth of the patience, between half a second and five seconds (one second
     * with the default patience). Runners may override it.
     *
     * @return the window
     */
    protected Duration quietWindow() {
        Duration part = target().patience().dividedBy(20);
        if (part.compareTo(Duration.ofMillis(500)) < 0) {
            return Duration.ofMillis(500);
        }
        return part.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : part;
    }

    /**
     * Receives for the whole window and returns everything that arrived, without acking it.
     *
     * @param receiver a queue or subscription
     * @param window how long to keep receiving
     * @return what arrived, possibly nothing
     */
    protected List<ReceivedMessage> receiveDuring(MessageReceiver receiver, Duration window) {
        List<ReceivedMessage> got = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return got;
            }
            Duration wait = Duration.ofMillis(Math.min(1000, Math.max(1, left / 1_000_000)));
            got.addAll(receiver.receive(10, wait));
        }
    }

    /**
     * Receives until {@code count} messages have arrived or patience runs out, and acks them.
     *
     * @param receiver a queue or subscription
     * @param count how many to wait for
     * @return what arrived and was acked
     */
    protected List<ReceivedMessage> receiveAndAck(MessageReceiver receiver, int count) {
        List<ReceivedMessage> got = receiveAtLeast(receiver, count);
        if (!got.isEmpty()) {
            receiver.ack(got);
        }
        return got;
    }

    /**
     * Probes until the value satisfies {@code done} or patience runs out (for eventually
     * consistent values such as a queue's approximate depth).
     *
     * @param probe reads the value
     * @param done whether the value is the awaited one
     * @param <T> the value type
     * @return the last value read, which the caller asserts on
     */
    protected <T> T eventually(Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + target().patience().toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
            value = probe.get();
        }
        return value;
    }

    /**
     * The UTF-8 bodies of received messages, in order.
     *
     * @param messages received messages
     * @return their bodies as text
     */
    protected static List<String> bodies(List<ReceivedMessage> messages) {
        return messages.stream().map(ReceivedMessage::bodyAsString).toList();
    }

    /**
     * The UTF-8 bodies of messages to send, in order.
     *
     * @param messages messages
     * @return their bodies as text
     */
    protected static List<String> texts(List<Message> messages) {
        return messages.stream().map(Message::bodyAsString).toList();
    }

    /**
     * Sleeps, restoring the interrupt flag if interrupted.
     *
     * @param duration how long
     */
    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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
     * Skips the calling test, with the reason, when the provider declares no topics as configured
     * (for example Azure without a Service Bus namespace).
     */
    protected void assumeTopics() {
        org.junit.jupiter.api.Assumptions.assumeTrue(capabilities().topics().supported(),
                "provider '" + cloud.provider() + "' declares no topics as configured");
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

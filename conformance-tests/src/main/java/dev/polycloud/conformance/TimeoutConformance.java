package dev.polycloud.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.queue.Queue;
import dev.polycloud.message.ReceiveOptions;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.topic.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code polycloud.timeout} bounds every call: against a server that accepts connections and never
 * answers ({@link SilentServer}), a call fails with {@link ErrorCode#DEADLINE_EXCEEDED} within the
 * timeout plus 10 %. Runners point every endpoint of their provider at {@link SilentServer#shared()} and
 * set {@code polycloud.timeout} to {@link #TIMEOUT}, keeping the default portable retries: the timeout is
 * per call, retries included (an attempt that timed out spends the budget, so it is not retried). Each
 * case runs once untimed first, so that building the vendor client does not count.
 */
@DisplayName("polycloud.timeout bounds every call")
public abstract class TimeoutConformance extends ConformanceSuite {

    /** The timeout the runners configure. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final TableSchema SCHEMA = TableSchema.of("id", KeyType.STRING);

    /** A TCP server on a free loopback port that accepts every connection and never sends a byte. */
    public static final class SilentServer {

        private static SilentServer shared;

        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        private SilentServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::acceptForever, "polycloud-silent-server");
            t.setDaemon(true);
            t.start();
        }

        /**
         * The server shared by the runners of this JVM, started on first use.
         *
         * @return the server
         */
        public static synchronized SilentServer shared() {
            if (shared == null) {
                try {
                    shared = new SilentServer();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return shared;
        }

        /**
         * The port.
         *
         * @return the port
         */
        public int port() {
            return server.getLocalPort();
        }

        /**
         * {@code http://127.0.0.1:<port>}.
         *
         * @return the endpoint
         */
        public String endpoint() {
            return "http://127.0.0.1:" + port();
        }

        private void acceptForever() {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }
    }

    private void deadlineWithin(ThrowingCallable call) {
        // An untimed first call: building the vendor client and loading its classes do not count.
        CloudAssertions.assertFailsWith(ErrorCode.DEADLINE_EXCEEDED, call);
        long start = System.nanoTime();
        CloudException e = CloudAssertions.assertFailsWith(ErrorCode.DEADLINE_EXCEEDED, call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("DEADLINE_EXCEEDED (%s) must come within the timeout + 10 %%", e.getMessage())
                .isLessThanOrEqualTo(TIMEOUT.plus(TIMEOUT.dividedBy(10)));
        assertThat(took).as("and not before the timeout").isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100));
    }

    @Nested
    @DisplayName("tables")
    class Tables {

        @Test
        @DisplayName("a read of a table on a server that never answers is DEADLINE_EXCEEDED within the timeout + 10 %")
        void readTimesOut() {
            Table t = cloud.table(uniqueName("silent"), SCHEMA);
            deadlineWithin(() -> t.get(Key.of("a")));
        }

        @Test
        @DisplayName("a write to a table on a server that never answers is DEADLINE_EXCEEDED within the timeout + 10 %")
        void writeTimesOut() {
            Table t = cloud.table(uniqueName("silent"), SCHEMA);
            deadlineWithin(() -> t.put(Item.builder().put("id", "a").build()));
        }

        @Test
        @DisplayName("an increment on a server that never answers is DEADLINE_EXCEEDED within the timeout + 10 %")
        void incrementTimesOut() {
            Table t = cloud.table(uniqueName("silent"), SCHEMA);
            deadlineWithin(() -> t.increment(Key.of("a"), "n", 1));
        }
    }

    @Nested
    @DisplayName("queues")
    class Queues {

        @Test
        @DisplayName("a send to a queue on a server that never answers is DEADLINE_EXCEEDED within the timeout + 10 %")
        void sendTimesOut() {
            Queue q = cloud.queue(uniqueName("silent"));
            deadlineWithin(() -> q.send("hello"));
        }

        @Test
        @DisplayName("a receive that does not wait, on a server that never answers, is DEADLINE_EXCEEDED within the"
                + " timeout + 10 %")
        void receiveTimesOut() {
            Queue q = cloud.queue(uniqueName("silent"));
            deadlineWithin(() -> q.receive(ReceiveOptions.of(1, Duration.ZERO)));
        }
    }

    @Nested
    @DisplayName("topics")
    class Topics {

        @Test
        @DisplayName("a publish to a topic on a server that never answers is DEADLINE_EXCEEDED within the timeout + 10 %")
        void publishTimesOut() {
            assumeTopics();
            Topic t = cloud.topic(uniqueName("silent"));
            deadlineWithin(() -> t.publish("hello"));
        }
    }
}

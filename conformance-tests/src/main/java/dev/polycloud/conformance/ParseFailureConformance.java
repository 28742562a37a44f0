package dev.polycloud.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.blob.Bucket;
import dev.polycloud.blob.ListOptions;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.topic.Topic;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A response the client cannot parse is {@link ErrorCode#INTERNAL}, not retried: against a
 * {@link GarbageServer} (every answer a success status with a complete body that is not JSON or XML), a call
 * fails with INTERNAL, a message saying the response could not be parsed, after exactly one request, and
 * quickly (a retried call would spend the retries' backoff, a call mapped to UNAVAILABLE would be retried).
 * Runners return a {@link GarbageTarget} whose endpoints reach the server; the default portable retries stay
 * on. The first call of each case runs before the timed one, so that building the vendor client does not
 * count.
 */
@DisplayName("a response the client cannot parse is INTERNAL and not retried")
public abstract class ParseFailureConformance extends ConformanceSuite {

    /** How long a failed call may take: no retry, no backoff, no timeout. */
    public static final Duration QUICK = Duration.ofSeconds(2);

    private static final TableSchema SCHEMA = TableSchema.of("id", KeyType.STRING);

    @Override
    protected abstract GarbageTarget target();

    @AfterAll
    void stopServer() {
        target().close();
    }

    /**
     * Asserts that a call fails with INTERNAL after exactly one request, twice, the second time within
     * {@link #QUICK}.
     *
     * @param call the call
     */
    protected void internalAfterOneRequest(ThrowingCallable call) {
        once(call);
        long start = System.nanoTime();
        once(call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("an unparseable response must fail at once, not be retried").isLessThan(QUICK);
    }

    private void once(ThrowingCallable call) {
        GarbageServer server = target().server();
        int before = server.requests();
        CloudException e = org.assertj.core.api.Assertions.catchThrowableOfType(CloudException.class, call);
        assertThat(e).as("expected a CloudException").isNotNull();
        assertThat(e.code()).as("error code of %s, caused by %s", e, chain(e)).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e.retryable()).isFalse();
        assertThat(e.provider()).contains(cloud.provider());
        assertRequests(server.requests() - before, e);
        assertSaysUnparseable(e);
    }

    /**
     * Asserts that one call made exactly one HTTP/1.x request. A runner whose client also speaks HTTP/2 (gRPC)
     * may accept none for those calls, with its reason in its Javadoc.
     *
     * @param seen the HTTP/1.x requests the server saw during the call
     * @param e the call's failure
     */
    protected void assertRequests(int seen, CloudException e) {
        assertThat(seen).as("requests the server saw for one call (%s)", e.getMessage()).isEqualTo(1);
    }

    /**
     * Asserts that the message says the response could not be parsed. A runner whose client reports a garbage
     * answer in its own words (gRPC's status INTERNAL for an answer that is not HTTP/2) may accept those, with
     * its reason in its Javadoc.
     *
     * @param e the failure
     */
    protected void assertSaysUnparseable(CloudException e) {
        assertThat(e.getMessage()).contains("could not be parsed");
    }

    private static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (Throwable t = e.getCause(); t != null && depth < 10; t = t.getCause(), depth++) {
            b.append(depth == 0 ? "" : " <- ").append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return b.length() == 0 ? "nothing" : b.toString();
    }

    @Nested
    @DisplayName("tables")
    class Tables {

        @Test
        @DisplayName("a read whose answer cannot be parsed is INTERNAL after one request")
        void read() {
            Table t = cloud.table(uniqueName("garbage"), SCHEMA);
            internalAfterOneRequest(() -> t.get(Key.of("a")));
        }

        @Test
        @DisplayName("a write whose answer cannot be parsed is INTERNAL after one request")
        void write() {
            Table t = cloud.table(uniqueName("garbage"), SCHEMA);
            internalAfterOneRequest(() -> t.put(Item.builder().put("id", "a").build()));
        }
    }

    @Nested
    @DisplayName("queues")
    class Queues {

        @Test
        @DisplayName("a send whose answer cannot be parsed is INTERNAL after one request")
        void send() {
            Queue q = cloud.queue(uniqueName("garbage"));
            internalAfterOneRequest(() -> q.send("hello"));
        }
    }

    @Nested
    @DisplayName("buckets")
    class Buckets {

        @Test
        @DisplayName("a listing whose answer cannot be parsed is INTERNAL after one request")
        void list() {
            Bucket b = cloud.bucket(uniqueName("garbage"));
            org.junit.jupiter.api.Assumptions.assumeTrue(b.capabilities().supported(),
                    "provider '" + cloud.provider() + "' declares no object storage as configured");
            internalAfterOneRequest(() -> b.list(ListOptions.builder().prefix("a/").build()));
        }

        @Test
        @DisplayName("a listing whose answer is cut short is a network failure, not INTERNAL: a parser failing on a"
                + " truncated body is not a parse failure")
        void cutShort() {
            Bucket b = cloud.bucket(uniqueName("garbage"));
            org.junit.jupiter.api.Assumptions.assumeTrue(b.capabilities().supported(),
                    "provider '" + cloud.provider() + "' declares no object storage as configured");
            GarbageServer server = target().server();
            server.cutShort(true);
            try {
                int before = server.requests();
                CloudException e = org.assertj.core.api.Assertions.catchThrowableOfType(CloudException.class,
                        () -> b.list(ListOptions.builder().prefix("a/").build()));
                assertThat(e).as("expected a CloudException").isNotNull();
                assertThat(e.code()).as("error code of %s, caused by %s", e, chain(e)).isNotEqualTo(ErrorCode.INTERNAL);
                assertThat(e.getMessage()).doesNotContain("could not be parsed");
                assertThat(server.requests() - before).as("requests of the call").isPositive();
            } finally {
                server.cutShort(false);
            }
        }
    }

    @Nested
    @DisplayName("topics")
    class Topics {

        @Test
        @DisplayName("a publish whose answer cannot be parsed is INTERNAL after one request")
        void publish() {
            assumeTopics();
            Topic t = cloud.topic(uniqueName("garbage"));
            internalAfterOneRequest(() -> t.publish("hello"));
        }
    }
}

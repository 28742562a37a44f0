package dev.polycloud.conformance;

import static dev.polycloud.conformance.CloudAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.message.Message;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Query;
import dev.polycloud.table.Scan;
import dev.polycloud.table.SortKeyCondition;
import dev.polycloud.table.Table;
import dev.polycloud.table.TableSchema;
import dev.polycloud.table.Value;
import dev.polycloud.table.WriteCondition;
import dev.polycloud.table.WriteOperation;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Bad input never reaches the network (DESIGN §8): every case here must fail with
 * {@link ErrorCode#INVALID_ARGUMENT} (or {@link ErrorCode#UNIMPLEMENTED} for an undeclared
 * capability, or {@link NullPointerException} for a null argument) in under
 * {@value #FAST_MILLIS} ms, without creating anything. Tables are opened with
 * {@code cloud.table(name, schema)}, so even the checks that need the key schema need no call.
 *
 * <p>Runners run it against the provider's normal target and, for the cloud providers, against a
 * closed port ({@code http://127.0.0.1:1}): there any case that tried the network would end in
 * {@link ErrorCode#UNAVAILABLE} after its retries instead. Each case runs once untimed (class
 * loading and lazy client construction do not count), then up to three timed runs of which the
 * fastest must be under the bound (the build machines are shared; a call that tried a closed port
 * would be slow every time).
 */
@DisplayName("Bad input never reaches the network")
public abstract class BadInputConformance extends ConformanceSuite {

    /** The most time a refused call may take. */
    public static final long FAST_MILLIS = 50;

    private static final TableSchema SIMPLE = TableSchema.of("id", KeyType.STRING);
    private static final TableSchema SORTED = TableSchema.of("pk", KeyType.STRING, "sk", KeyType.LONG);
    private static final String LONE_HIGH = "a\uD800b";
    private static final String LONE_LOW = "\uDC00";

    /**
     * Asserts that a call fails with the code, twice, the second time within {@value #FAST_MILLIS} ms.
     *
     * @param code the expected code
     * @param call the call
     * @return the second failure
     */
    protected static CloudException refusedFast(ErrorCode code, ThrowingCallable call) {
        CloudException e = assertFailsWith(code, call);
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3 && best >= FAST_MILLIS; run++) {
            long start = System.nanoTime();
            e = assertFailsWith(code, call);
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
        }
        assertThat(best).as("a refused call must not wait for the network (%s)", e.getMessage())
                .isLessThan(FAST_MILLIS);
        return e;
    }

    private static CloudException invalid(ThrowingCallable call) {
        return refusedFast(ErrorCode.INVALID_ARGUMENT, call);
    }

    private Table simple() {
        return cloud.table(uniqueName("bad"), SIMPLE);
    }

    private Table sorted() {
        return cloud.table(uniqueName("bad"), SORTED);
    }

    private static String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Nested
    @DisplayName("tables")
    class Tables {

        @Test
        @DisplayName("a key without its sort key value, or with one the table does not have, is INVALID_ARGUMENT")
        void missingKeyParts() {
            invalid(() -> sorted().get(Key.of("p")));
            invalid(() -> simple().get(Key.of("p", 1L)));
            invalid(() -> sorted().put(Item.builder().put("pk", "p").put("v", 1L).build()));
            invalid(() -> simple().put(Item.builder().put("v", 1L).build()));
        }

        @Test
        @DisplayName("a key of the wrong type is INVALID_ARGUMENT")
        void wrongKeyType() {
            invalid(() -> simple().get(Key.of(5L)));
            invalid(() -> sorted().get(Key.of("p", "not-a-long")));
            invalid(() -> simple().get(Key.of(true)));
            invalid(() -> simple().delete(Key.of(5L)));
        }

        @Test
        @DisplayName("a sort-key condition on a table without sort key, or of the wrong type, is INVALID_ARGUMENT")
        void badSortConditions() {
            invalid(() -> simple().query(Query.partition("p").sortKey(SortKeyCondition.eq(1L)).build()));
            invalid(() -> sorted().query(Query.partition("p").sortKey(SortKeyCondition.gt("x")).build()));
            invalid(() -> sorted().query(Query.partition(5L).build()));
        }

        @Test
        @DisplayName("a key over the provider's maxKeyBytes, or empty, is INVALID_ARGUMENT naming the limit")
        void keyOverLimit() {
            int max = capabilities().tables().maxKeyBytes();
            CloudException e = invalid(() -> simple().get(Key.of("k".repeat(max + 1))));
            assertThat(e.getMessage()).contains(Integer.toString(max));
            invalid(() -> simple().put(Item.builder().put("id", "k".repeat(max + 1)).build()));
            invalid(() -> simple().get(Key.of("")));
        }

        @Test
        @DisplayName("delete(key, mustNotExist()) is INVALID_ARGUMENT")
        void deleteMustNotExist() {
            invalid(() -> simple().delete(Key.of("a"), WriteCondition.mustNotExist()));
        }

        @Test
        @DisplayName("a garbage, random, oversized or damaged cursor is INVALID_ARGUMENT for queries and scans")
        void garbageCursors() {
            for (String cursor : List.of("garbage", "", randomBase64(48), "pc1." + randomBase64(64), "x".repeat(20_000),
                    "s1:" + "table/", "d1.e30")) {
                invalid(() -> sorted().query(Query.partition("p").cursor(cursor).build()));
                invalid(() -> simple().scan(Scan.limit(5).withCursor(cursor)));
            }
        }

        @Test
        @DisplayName("an unpaired surrogate in a value, a list, a map key, an attribute name or a key is INVALID_ARGUMENT"
                + " naming where it is")
        void unpairedSurrogates() {
            CloudException e = invalid(() -> simple().put(Item.builder().put("id", "a").put("name", LONE_HIGH).build()));
            assertThat(e.getMessage()).contains("name");
            e = invalid(() -> simple().put(Item.builder().put("id", "a")
                    .put("tags", List.of("ok", LONE_LOW)).build()));
            assertThat(e.getMessage()).contains("tags[1]");
            e = invalid(() -> simple().put(Item.builder().put("id", "a")
                    .put("m", Map.of("inner", Map.of(LONE_HIGH, 1L))).build()));
            assertThat(e.getMessage()).contains("m.inner");
            invalid(() -> simple().put(Item.builder().put("id", "a").put(LONE_HIGH, 1L).build()));
            invalid(() -> simple().put(Item.builder().put("id", LONE_HIGH).build()));
            invalid(() -> simple().get(Key.of(LONE_LOW)));
            invalid(() -> sorted().query(Query.partition(LONE_HIGH).build()));
            invalid(() -> simple().batchWrite(List.of(WriteOperation.put(
                    Item.builder().put("id", "a").put("v", LONE_LOW).build()))));
        }

        @Test
        @DisplayName("increment of a key attribute is INVALID_ARGUMENT")
        void incrementKeyAttribute() {
            invalid(() -> sorted().increment(Key.of("p", 1L), "sk", 1));
            invalid(() -> simple().increment(Key.of("p"), "id", 1));
        }

        @Test
        @DisplayName("misused values are INVALID_ARGUMENT and null arguments NullPointerException")
        void valueRules() {
            invalid(() -> Value.from(new Date()));
            invalid(() -> Item.builder().put("s", "text").build().getLong("s"));
            invalid(() -> Value.of("x").asLong());
            assertThatThrownBy(() -> Key.of(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> Key.of("p", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> simple().get(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    @DisplayName("queues and topics")
    class Messages {

        @Test
        @DisplayName("a bad queue name is INVALID_ARGUMENT")
        void badName() {
            invalid(() -> cloud.queue("Bad_Name"));
        }

        @Test
        @DisplayName("an empty body, a body over the limit, or an unpaired surrogate in a body or attribute is"
                + " INVALID_ARGUMENT")
        void badMessages() {
            String q = uniqueName("bad");
            invalid(() -> cloud.queue(q).send(Message.of(new byte[0])));
            int max = capabilities().queues().limits().maxMessageBytes();
            Message tooBig = Message.of(new byte[max + 1]);
            invalid(() -> cloud.queue(q).send(tooBig));
            invalid(() -> Message.of(LONE_HIGH));
            invalid(() -> cloud.queue(q).send(Message.builder().body("ok").attribute("a", LONE_LOW).build()));
        }

        @Test
        @DisplayName("a lease outside the provider's limits is INVALID_ARGUMENT")
        void badLease() {
            invalid(() -> cloud.queue(uniqueName("bad")).receive(new dev.polycloud.message.ReceiveOptions(1,
                    Duration.ofSeconds(1), java.util.Optional.of(Duration.ofMillis(10)))));
            invalid(() -> cloud.queue(uniqueName("bad")).receive(0, Duration.ofSeconds(1)));
        }

        @Test
        @DisplayName("publishing a bad message to a topic is INVALID_ARGUMENT")
        void badTopicMessage() {
            assumeTopics();
            invalid(() -> cloud.topic(uniqueName("bad")).publish(Message.of(new byte[0])));
            invalid(() -> cloud.topic(uniqueName("bad")).publish(Message.builder().body("ok")
                    .attribute("a", LONE_HIGH).build()));
        }
    }

    @Nested
    @DisplayName("functions (arguments first, then capability)")
    class Functions {

        @Test
        @DisplayName("invoke of a bad function name is INVALID_ARGUMENT whether or not functions are declared")
        void badFunctionName() {
            invalid(() -> cloud.functions().invoke("Bad_Name", new byte[0]));
            invalid(() -> cloud.functions().get("Bad_Name"));
            invalid(() -> cloud.functions().invokeAsync("Bad_Name", new byte[0]));
        }

        @Test
        @DisplayName("without the functions capability a well-formed call is UNIMPLEMENTED, without a call")
        void undeclaredFunctions() {
            org.junit.jupiter.api.Assumptions.assumeFalse(capabilities().functions().supported(),
                    "provider '" + cloud.provider() + "' declares functions");
            refusedFast(ErrorCode.UNIMPLEMENTED, () -> cloud.functions().invoke("good-name", new byte[0]));
        }
    }
}

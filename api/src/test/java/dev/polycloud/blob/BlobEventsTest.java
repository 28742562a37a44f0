package dev.polycloud.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.FunctionCapabilities;
import dev.polycloud.function.Functions;
import dev.polycloud.function.PayloadCodec;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.internal.Retrier;
import dev.polycloud.spi.FunctionDriver;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Bucket events in the portable layer")
class BlobEventsTest {

    @Nested
    @DisplayName("BlobEventFilter")
    class Filter {

        @Test
        @DisplayName("all() passes both types and every key; created() only CREATED")
        void factories() {
            assertThat(BlobEventFilter.all().events()).containsExactlyInAnyOrder(BlobEventType.values());
            assertThat(BlobEventFilter.all().matches(BlobEventType.DELETED, "any")).isTrue();
            assertThat(BlobEventFilter.created().matches(BlobEventType.CREATED, "x")).isTrue();
            assertThat(BlobEventFilter.created().matches(BlobEventType.DELETED, "x")).isFalse();
            assertThat(BlobEventFilter.deleted().events()).containsExactly(BlobEventType.DELETED);
        }

        @Test
        @DisplayName("a prefix and a suffix must both match")
        void prefixAndSuffix() {
            BlobEventFilter f = BlobEventFilter.created().withPrefix("in/").withSuffix(".png");
            assertThat(f.prefix()).contains("in/");
            assertThat(f.suffix()).contains(".png");
            assertThat(f.matches(BlobEventType.CREATED, "in/a.png")).isTrue();
            assertThat(f.matches(BlobEventType.CREATED, "in/a.jpg")).isFalse();
            assertThat(f.matches(BlobEventType.CREATED, "out/a.png")).isFalse();
            assertThat(f.matches(BlobEventType.CREATED, "in/.png")).isTrue();
        }

        @Test
        @DisplayName("no event types, an empty, malformed or too long prefix or suffix is INVALID_ARGUMENT")
        void validated() {
            assertInvalid(() -> new BlobEventFilter(Set.of(), Optional.empty(), Optional.empty()));
            assertInvalid(() -> BlobEventFilter.all().withPrefix(""));
            assertInvalid(() -> BlobEventFilter.all().withSuffix(""));
            assertInvalid(() -> BlobEventFilter.all().withPrefix("a\u0000"));
            assertInvalid(() -> BlobEventFilter.all().withSuffix("x\udc00"));
            assertInvalid(() -> BlobEventFilter.all().withPrefix("é".repeat(513)));
            assertThat(BlobEventFilter.all().withPrefix("é".repeat(512)).prefix()).isPresent();
            assertThatThrownBy(() -> BlobEventFilter.all().withPrefix(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        @DisplayName("the event set is copied")
        void copied() {
            EnumSet<BlobEventType> types = EnumSet.of(BlobEventType.CREATED);
            BlobEventFilter f = new BlobEventFilter(types, Optional.empty(), Optional.empty());
            types.add(BlobEventType.DELETED);
            assertThat(f.events()).containsExactly(BlobEventType.CREATED);
        }
    }

    @Nested
    @DisplayName("TriggerSource.bucket")
    class Source {

        @Test
        @DisplayName("is a BUCKET source named after the bucket, with its filter, path bucket/<name>")
        void shape() {
            TriggerSource s = TriggerSource.bucket("uploads");
            assertThat(s.kind()).isEqualTo(TriggerSource.Kind.BUCKET);
            assertThat(s.name()).isEqualTo("uploads");
            assertThat(s.bucketFilter()).contains(BlobEventFilter.all());
            assertThat(s.path()).isEqualTo("bucket/uploads");
            assertThat(s.subscription()).isEmpty();
            assertThat(s.schedule()).isEmpty();
            assertThat(TriggerSource.bucket("uploads", BlobEventFilter.created()).bucketFilter())
                    .contains(BlobEventFilter.created());
        }

        @Test
        @DisplayName("other kinds have no bucket filter, and a BUCKET source must have one")
        void onlyBucketHasFilter() {
            assertThat(TriggerSource.queue("orders").bucketFilter()).isEmpty();
            assertInvalid(() -> new TriggerSource(TriggerSource.Kind.QUEUE, "orders", Optional.empty(),
                    Optional.empty(), Optional.of(BlobEventFilter.all())));
            assertInvalid(() -> new TriggerSource(TriggerSource.Kind.BUCKET, "uploads", Optional.empty()));
        }

        @Test
        @DisplayName("a bad bucket name is INVALID_ARGUMENT; a null filter a NullPointerException")
        void badName() {
            assertInvalid(() -> TriggerSource.bucket("Uploads_1"));
            assertThatThrownBy(() -> TriggerSource.bucket("uploads", null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    @DisplayName("BlobEventBatch as a payload")
    class Payload {

        @Test
        @DisplayName("round-trips through PayloadCodec as JSON with ISO-8601 times and a null ETag when absent")
        void roundTrip() {
            Instant t = Instant.parse("2026-01-02T03:04:05.123456Z");
            BlobEventBatch batch = new BlobEventBatch("uploads", List.of(
                    BlobEvent.created("uploads", "a/b c.png", 42, "\"abc\"", t),
                    BlobEvent.deleted("uploads", "old", t)));
            byte[] json = PayloadCodec.encode(batch);
            String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).contains("\"type\":\"CREATED\"", "\"time\":\"2026-01-02T03:04:05.123456Z\"",
                    "\"etag\":null", "\"size\":42");
            assertThat(PayloadCodec.decode(json, BlobEventBatch.class)).isEqualTo(batch);
        }

        @Test
        @DisplayName("an event checks its components")
        void eventChecks() {
            assertThatThrownBy(() -> new BlobEvent("b", "k", -1, Optional.empty(), BlobEventType.CREATED,
                    Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new BlobEvent("b", null, 0, Optional.empty(), BlobEventType.CREATED,
                    Instant.EPOCH)).isInstanceOf(NullPointerException.class);
            assertThat(new BlobEvent("b", "k", 0, null, BlobEventType.DELETED, Instant.EPOCH).etag()).isEmpty();
        }
    }

    @Nested
    @DisplayName("Functions.bind with a BUCKET source")
    class Bind {

        private final AtomicInteger calls = new AtomicInteger();

        private Functions functions(boolean bucketEvents) {
            FunctionDriver driver = (FunctionDriver) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {FunctionDriver.class}, (proxy, method, args) -> {
                        calls.incrementAndGet();
                        if (method.getName().equals("bind")) {
                            return new Trigger("t-1", (String) args[0], (TriggerSource) args[1], (Integer) args[2]);
                        }
                        return null;
                    });
            FunctionCapabilities caps = new FunctionCapabilities(true, 1024, Duration.ofMinutes(1), false, false,
                    true, true, true).withBucketEvents(bucketEvents);
            return new Functions(driver, caps, new Retrier("test", 1, Duration.ofMillis(1)));
        }

        @Test
        @DisplayName("is UNIMPLEMENTED without calling the driver when bucketEvents is not declared")
        void unimplemented() {
            Functions fns = functions(false);
            assertThatThrownBy(() -> fns.bind("thumbnail", TriggerSource.bucket("uploads"), 10))
                    .isInstanceOfSatisfying(CloudException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNIMPLEMENTED));
            assertThat(calls).hasValue(0);
        }

        @Test
        @DisplayName("checks the arguments before the capability")
        void argumentsFirst() {
            Functions fns = functions(false);
            assertInvalid(() -> fns.bind("thumbnail", TriggerSource.bucket("uploads"), 0));
            assertInvalid(() -> fns.bind("Bad Name", TriggerSource.bucket("uploads"), 1));
            assertThat(calls).hasValue(0);
        }

        @Test
        @DisplayName("reaches the driver with the source and filter when declared")
        void declared() {
            Functions fns = functions(true);
            TriggerSource source = TriggerSource.bucket("uploads", BlobEventFilter.created().withSuffix(".png"));
            Trigger t = fns.bind("thumbnail", source, 5);
            assertThat(t.source()).isEqualTo(source);
            assertThat(t.batchSize()).isEqualTo(5);
            assertThat(calls).hasValue(1);
        }

        @Test
        @DisplayName("the capability defaults to false and survives withSchedules")
        void capabilityDefaults() {
            FunctionCapabilities caps = new FunctionCapabilities(true, 1, Duration.ofSeconds(1), false, false, false,
                    false, false);
            assertThat(caps.bucketEvents()).isFalse();
            assertThat(FunctionCapabilities.none().bucketEvents()).isFalse();
            assertThat(caps.withBucketEvents(true).withSchedules(dev.polycloud.function.ScheduleCapabilities.none())
                    .bucketEvents()).isTrue();
        }
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

}

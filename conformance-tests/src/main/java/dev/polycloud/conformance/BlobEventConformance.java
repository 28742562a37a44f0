package dev.polycloud.conformance;

import static dev.polycloud.conformance.CloudAssertions.assertFailsWith;
import static dev.polycloud.conformance.CloudAssertions.assertInvalidArgument;
import static dev.polycloud.conformance.CloudAssertions.assertNotFound;
import static dev.polycloud.conformance.CloudAssertions.assertUnimplemented;
import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.ErrorCode;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventFilter;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.Bucket;
import dev.polycloud.blob.PutOptions;
import dev.polycloud.conformance.handlers.BlobEventRecorder;
import dev.polycloud.conformance.handlers.Recorder;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.Trigger;
import dev.polycloud.function.TriggerSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The bucket-event trigger contract ({@code TriggerSource.bucket}, {@link Functions#bind}): a put or a copy into the
 * bucket is a {@link BlobEventType#CREATED} event with the object's size and ETag, deleting an existing object is a
 * {@link BlobEventType#DELETED} event, a failed conditional put is no event, the filter's types, prefix and suffix
 * decide what is delivered, events arrive in batches no larger than the batch size, a failed batch comes again, and
 * unbinding stops delivery. A provider that does not declare
 * {@link dev.polycloud.function.FunctionCapabilities#bucketEvents()} refuses the binding with
 * {@link ErrorCode#UNIMPLEMENTED} before any call (that test runs everywhere; the others skip with the reason).
 *
 * <p>What the handler received is observed through the in-JVM {@link Recorder}; a runner whose handlers run
 * elsewhere overrides {@link #handlersRunInProcess()} and those tests skip naming that reason.
 */
@DisplayName("Bucket events")
public abstract class BlobEventConformance extends FunctionSuiteSupport {

    private void assumeBucketEvents() {
        Assumptions.assumeTrue(caps().supported() && caps().bucketEvents(),
                "provider does not declare FunctionCapabilities.bucketEvents");
        Assumptions.assumeTrue(cloud.bucket("any-bucket").capabilities().supported(),
                "provider does not declare object storage");
        assumeInProcess();
    }

    /** A fresh bucket, deleted when the class is done. */
    protected Bucket newBucket() {
        Bucket bucket = cloud.bucket(uniqueName("ev"));
        bucket.create();
        afterwards(bucket::delete);
        return bucket;
    }

    /** Deploys a fresh {@link BlobEventRecorder} function; deleted when the class is done. */
    protected String deployRecorder() {
        Functions fns = functions();
        FunctionSpec.Builder b = FunctionSpec.builder(uniqueName("fn"), BlobEventRecorder.class);
        handlerArtifact().ifPresent(b::artifact);
        FunctionSpec spec = b.build();
        afterwards(() -> Recorder.forget(spec.name()));
        afterwards(() -> fns.delete(spec.name()));
        fns.deploy(spec);
        return spec.name();
    }

    /** Binds a source to a function; the trigger is removed when the class is done. */
    protected Trigger bind(String function, TriggerSource source, int batchSize) {
        Functions fns = functions();
        Trigger t = fns.bind(function, source, batchSize);
        afterwards(() -> fns.unbind(t));
        return t;
    }

    /** The events a {@link BlobEventRecorder} function has seen so far. */
    protected static List<BlobEventRecorder.Seen> seen(String function) {
        return Recorder.events(function, BlobEventRecorder.Seen.class);
    }

    /** Waits, bounded by patience, until the function has seen an event of each of these type/key pairs. */
    protected List<BlobEventRecorder.Seen> awaitEvents(String function, Set<String> typeAndKeys) {
        return eventually(() -> seen(function), l -> l.stream().map(s -> s.event().type() + " " + s.event().key())
                .collect(Collectors.toSet()).containsAll(typeAndKeys));
    }

    private static Set<String> typeAndKeys(List<BlobEventRecorder.Seen> seen) {
        return seen.stream().map(s -> s.event().type() + " " + s.event().key()).collect(Collectors.toSet());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Nested
    @DisplayName("delivery")
    class Delivery {

        @Test
        @DisplayName("a put is a CREATED event with the bucket, key, size, ETag and time of the object")
        void putIsCreated() {
            assumeBucketEvents();
            Bucket bucket = newBucket();
            String fn = deployRecorder();
            bind(fn, TriggerSource.bucket(bucket.name()), 10);
            Instant before = Instant.now().minusSeconds(60);
            BlobInfo info = bucket.put("images/cat.png", bytes("hello"));
            List<BlobEventRecorder.Seen> seen = awaitEvents(fn, Set.of("CREATED images/cat.png"));
            assertThat(seen).hasSize(1);
            BlobEventRecorder.Seen s = seen.get(0);
            assertThat(s.bucket()).isEqualTo(bucket.name());
            BlobEvent e = s.event();
            assertThat(e.bucket()).isEqualTo(bucket.name());
            assertThat(e.key()).isEqualTo("images/cat.png");
            assertThat(e.type()).isEqualTo(BlobEventType.CREATED);
            assertThat(e.size()).isEqualTo(5);
            assertThat(e.etag()).contains(info.etag());
            assertThat(e.time()).isAfter(before).isBefore(Instant.now().plusSeconds(60));
        }

        @Test
        @DisplayName("deleting an existing object is a DELETED event of size 0; deleting a missing key is none")
        void deleteIsDeleted() {
            assumeBucketEvents();
            Bucket bucket = newBucket();
            String fn = deployRecorder();
            bind(fn, TriggerSource.bucket(bucket.name()), 10);
            bucket.put("doc.txt", "x");
            assertThat(bucket.delete("doc.txt")).isTrue();
            assertThat(bucket.delete("never-there.txt")).isFalse();
            bucket.put("sentinel", "s");
            awaitEvents(fn, Set.of("CREATED doc.txt", "DELETED doc.txt", "CREATED sentinel"));
            sleep(quietWindow());
            List<BlobEventRecorder.Seen> seen = seen(fn);
            BlobEvent deleted = seen.stream().map(BlobEventRecorder.Seen::event)
                    .filter(e -> e.type() == BlobEventType.DELETED).findFirst().orElseThrow();
            assertThat(deleted.key()).isEqualTo("doc.txt");
            assertThat(deleted.size()).isZero();
            assertThat(deleted.bucket()).isEqualTo(bucket.name());
            assertThat(typeAndKeys(seen)).doesNotContain("DELETED never-there.txt");
        }

        @Test
        @DisplayName("a copy into the bucket is a CREATED event of the target key")
        void copyIsCreated() {
            assumeBucketEvents();
            Bucket source = newBucket();
            Bucket target = newBucket();
            String fn = deployRecorder();
            bind(fn, TriggerSource.bucket(target.name()), 10);
            source.put("original", "copied bytes");
            BlobInfo copied = source.copy("original", target, "copy");
            List<BlobEventRecorder.Seen> seen = awaitEvents(fn, Set.of("CREATED copy"));
            assertThat(typeAndKeys(seen)).containsExactly("CREATED copy");
            assertThat(seen.get(0).event().size()).isEqualTo(12);
            assertThat(seen.get(0).event().etag()).contains(copied.etag());
        }

        @Test
        @DisplayName("a failed conditional put is no event")
        void failedConditionalPutIsNoEvent() {
            assumeBucketEvents();
            Bucket bucket = newBucket();
            String fn = deployRecorder();
            bind(fn, TriggerSource.bucket(bucket.name()), 10);
            bucket.put("once", "1");
            assertFailsWith(ErrorCode.PRECONDITION_FAILED, () -> bucket.put("once", bytes("2"),
                    PutOptions.builder().ifNoneMatch("*").build()));
            assertFailsWith(ErrorCode.PRECONDITION_FAILED, () -> bucket.put("once", bytes("3"),
                    PutOptions.builder().ifMatch("\"stale\"").build()));
            bucket.put("sentinel", "s");
            awaitEvents(fn, Set.of("CREATED once", "CREATED sentinel"));
            sleep(quietWindow());
            assertThat(seen(fn).stream().filter(s -> s.event().key().equals("once"))).hasSize(1);
        }

        @Test
        @DisplayName("every event arrives, in batches no larger than the batch size, each matching its object")
        void batches() {
            assumeBucketEvents();
            Bucket bucket = newBucket();
            String fn = deployRecorder();
            bind(fn, TriggerSource.bucket(bucket.name()), 3);
            Map<String, BlobInfo> written = new HashMap<>();
            IntStream.range(0, 11).forEach(i -> {
                String key = "batch/" + i;
                written.put(key, bucket.put(key, "x".repeat(i + 1)));
            });
            List<BlobEventRecorder.Seen> seen = awaitEvents(fn, written.keySet().stream().map(k -> "CREATED " + k)
                    .collect(Collectors.toSet()));
            assertThat(typeAndKeys(seen)).hasSize(11);
            assertThat(seen).allSatisfy(s -> {
                assertThat(s.batchSize()).isBetween(1, 3);
                assertThat(s.bucket()).isEqualTo(bucket.name());
                BlobInfo info = written.get(s.event().key());
                assertThat(s.event().size()).isEqualTo(info.size());
                assertThat(s.event().etag()).contains(info.etag());
            });
        }

        @Test
        @DisplayName("a batch whose handler fails is delivered again (at least once)")
        void failedBatchRedelivered() {
            assumeBucketEvents();
            Bucket bucket = newBucket();
            String fn = deployRecorder();
            bind(fn, TriggerSource.bucket(bucket.name()), 1);
            String key = BlobEventRecorder.FAIL_ONCE + "-a";
            bucket.put(key, "x");
            List<BlobEventRecorder.Seen> seen = eventually(() -> seen(fn),
                    l -> l.stream().filter(s -> s.event().key().equals(key)).count() >= 2);
            assertThat(seen.stream().filter(s -> s.event().key().equals(key))).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(s -> assertThat(s.event().type()).isEqualTo(BlobEventType.CREATED));
        }
    }

    @Nested
    @DisplayName("filters")
    class Filters {

        @Test
        @DisplayName("a prefix and a suffix deliver only the keys matching both")
        void prefixAndSuffix() {
            assumeBucketEvents();
            Bucket bucket = newBucket();
            String fn = deployRecorder();
            bind(fn, TriggerSource.bucket(bucket.name(), BlobEventFilter.all().withPrefix("in/").withSuffix(".png")),
                    10);
            for (String key : List.of("in/a.png", "in/a.jpg", "out/a.png", "in.png", "in/sub/b.png", "x/in/c.png")) {
                bucket.put(key, "x");
            }
            bucket.delete("in/a.png");
            bucket.delete("out/a.png");
            List<BlobEventRecorder.Seen> seen = awaitEvents(fn,
                    Set.of("CREATED in/a.png", "CREATED in/sub/b.png", "DELETED in/a.png"));
            sleep(quietWindow());
            assertThat(typeAndKeys(seen(fn)))
                    .containsExactlyInAnyOrder("CREATED in/a.png", "CREATED in/sub/b.png", "DELETED in/a.png");
            assertThat(seen).isNotEmpty();
        }

        @Test
        @DisplayName("a CREATED-only filter delivers no DELETED event, and a DELETED-only filter no CREATED one")
        void eventTypes() {
            assumeBucketEvents();
            Bucket bucket = newBucket();
            String created = deployRecorder();
            String deleted = deployRecorder();
            bind(created, TriggerSource.bucket(bucket.name(), BlobEventFilter.created()), 10);
            bind(deleted, TriggerSource.bucket(bucket.name(), BlobEventFilter.deleted()), 10);
            bucket.put("k", "x");
            bucket.delete("k");
            awaitEvents(created, Set.of("CREATED k"));
            awaitEvents(deleted, Set.of("DELETED k"));
            sleep(quietWindow());
            assertThat(typeAndKeys(seen(created))).containsExactly("CREATED k");
            assertThat(typeAndKeys(seen(deleted))).containsExactly("DELETED k");
        }

        @Test
        @DisplayName("a prefix alone delivers the keys under it")
        void prefixAlone() {
            assumeBucketEvents();
            Bucket bucket = newBucket();
            String fn = deployRecorder();
            bind(fn, TriggerSource.bucket(bucket.name(), BlobEventFilter.created().withPrefix("uploads/")), 10);
            bucket.put("uploads/1.jpg", "x");
            bucket.put("uploads", "x");
            bucket.put("other/uploads/2.jpg", "x");
            bucket.put("uploads/", "folder marker");
            awaitEvents(fn, Set.of("CREATED uploads/1.jpg", "CREATED uploads/"));
            sleep(quietWindow());
            assertThat(typeAndKeys(seen(fn))).containsExactlyInAnyOrder("CREATED uploads/1.jpg", "CREATED uploads/");
        }
    }

    @Nested
    @DisplayName("binding")
    class Binding {

        @Test
        @DisplayName("the trigger is listed with its BUCKET source, and unbinding stops delivery")
        void unbindStops() {
            assumeBucketEvents();
            Bucket bucket = newBucket();
            String fn = deployRecorder();
            Functions fns = functions();
            Trigger t = fns.bind(fn, TriggerSource.bucket(bucket.name(), BlobEventFilter.created()), 10);
            assertThat(t.source().path()).isEqualTo("bucket/" + bucket.name());
            assertThat(fns.triggers(fn)).anySatisfy(listed -> {
                assertThat(listed.id()).isEqualTo(t.id());
                assertThat(listed.source().kind()).isEqualTo(TriggerSource.Kind.BUCKET);
                assertThat(listed.source().name()).isEqualTo(bucket.name());
            });
            bucket.put("before", "x");
            awaitEvents(fn, Set.of("CREATED before"));
            fns.unbind(t);
            assertThat(fns.triggers(fn)).noneSatisfy(listed -> assertThat(listed.id()).isEqualTo(t.id()));
            bucket.put("after", "x");
            sleep(quietWindow());
            assertThat(typeAndKeys(seen(fn))).containsExactly("CREATED before");
        }

        @Test
        @DisplayName("events before the binding are not delivered")
        void onlyAfterBinding() {
            assumeBucketEvents();
            Bucket bucket = newBucket();
            bucket.put("earlier", "x");
            String fn = deployRecorder();
            bind(fn, TriggerSource.bucket(bucket.name()), 10);
            bucket.put("later", "x");
            awaitEvents(fn, Set.of("CREATED later"));
            sleep(quietWindow());
            assertThat(typeAndKeys(seen(fn))).containsExactly("CREATED later");
        }

        @Test
        @DisplayName("binding a missing bucket is NOT_FOUND")
        void missingBucket() {
            assumeBucketEvents();
            String fn = deployRecorder();
            assertNotFound(() -> bind(fn, TriggerSource.bucket(uniqueName("missing")), 10));
        }

        @Test
        @DisplayName("a provider that does not declare bucketEvents refuses the binding with UNIMPLEMENTED, after the"
                + " argument checks and before any call")
        void unimplementedWhereNotDeclared() {
            Assumptions.assumeFalse(caps().supported() && caps().bucketEvents(),
                    "provider declares FunctionCapabilities.bucketEvents");
            TriggerSource source = TriggerSource.bucket(uniqueName("nobucket"), BlobEventFilter.created());
            assertInvalidArgument(() -> cloud.functions().bind("no-such-function", source, 0));
            assertUnimplemented(() -> cloud.functions().bind("no-such-function", source, 10));
        }

        @Test
        @DisplayName("bad bucket names and filters are INVALID_ARGUMENT when the source is built")
        void badArguments() {
            assertInvalidArgument(() -> TriggerSource.bucket("Bad_Bucket"));
            assertInvalidArgument(() -> BlobEventFilter.all().withPrefix(""));
            assertInvalidArgument(() -> BlobEventFilter.all().withSuffix("\ud800"));
            assertInvalidArgument(() -> BlobEventFilter.all().withPrefix("p".repeat(1025)));
            assertInvalidArgument(() -> new BlobEventFilter(Set.of(), java.util.Optional.empty(),
                    java.util.Optional.empty()));
        }
    }
}

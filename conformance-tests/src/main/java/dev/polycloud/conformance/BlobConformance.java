package dev.polycloud.conformance;

import static dev.polycloud.conformance.CloudAssertions.assertFailsWith;
import static dev.polycloud.conformance.CloudAssertions.assertInvalidArgument;
import static dev.polycloud.conformance.CloudAssertions.assertNotFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polycloud.ErrorCode;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.BlobPage;
import dev.polycloud.blob.Bucket;
import dev.polycloud.blob.GetOptions;
import dev.polycloud.blob.ListOptions;
import dev.polycloud.blob.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The object-storage contract every provider must meet: buckets, round-trips, ranges, conditions, metadata,
 * awkward keys, listing with delimiters and cursors, and the errors raised before the network.
 */
public abstract class BlobConformance extends ConformanceSuite {

    /**
     * The size of the generated stream of the large-object test, or 0 to skip it (a target that keeps objects
     * in the test JVM's heap cannot show bounded memory).
     *
     * @return the size in bytes
     */
    protected long largeObjectBytes() {
        return 0;
    }

    /**
     * Why this target cannot store one of the awkward keys, when the target (not the provider) is at fault, e.g. an
     * in-memory fake with a known defect; the test then skips with the reason.
     *
     * @param key one of the awkward keys
     * @return the reason, or empty when the key is tested
     */
    protected Optional<String> awkwardKeyGap(String key) {
        return Optional.empty();
    }

    /**
     * Why this target cannot serve presigned URLs although the provider declares them (e.g. an in-memory fake
     * without HTTP); the served-URL test then skips with the reason.
     *
     * @return the reason, or empty when the URLs are fetched
     */
    protected Optional<String> presignedUrlGap() {
        return Optional.empty();
    }

    /**
     * A new bucket, created, deleted when the class is done.
     *
     * @return the bucket
     */
    protected Bucket newBucket() {
        Bucket bucket = cloud.bucket(uniqueName("blob"));
        bucket.create();
        afterwards(bucket::delete);
        return bucket;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Nested
    @DisplayName("Buckets")
    class Buckets {

        @Test
        @DisplayName("creating a bucket is idempotent and makes it exist")
        void createIsIdempotent() {
            Bucket bucket = cloud.bucket(uniqueName("blob"));
            afterwards(bucket::delete);
            assertThat(bucket.exists()).isFalse();
            assertThat(bucket.create()).isTrue();
            assertThat(bucket.create()).isFalse();
            assertThat(bucket.exists()).isTrue();
        }

        @Test
        @DisplayName("deleting a bucket with objects removes it, and deleting again is harmless")
        void deleteIsIdempotent() {
            Bucket bucket = cloud.bucket(uniqueName("blob"));
            bucket.create();
            bucket.put("a", "x");
            assertThat(bucket.delete()).isTrue();
            assertThat(bucket.exists()).isFalse();
            assertThat(bucket.delete()).isFalse();
        }

        @Test
        @DisplayName("objects of a missing bucket are NOT_FOUND")
        void missingBucket() {
            Bucket bucket = cloud.bucket(uniqueName("blob"));
            assertNotFound(() -> bucket.put("a", "x"));
            assertNotFound(() -> bucket.getBytes("a"));
            assertNotFound(() -> bucket.head("a"));
            assertNotFound(() -> bucket.list(ListOptions.builder().build()));
        }

        @ParameterizedTest(name = "bucket name \"{0}\"")
        @ValueSource(strings = {"ab", "Upper-case", "under_score", "dot.ted", "-leading", "trailing-", "double--hyphen",
            "a-name-that-is-longer-than-sixty-three-characters-which-is-too-long"})
        @DisplayName("bad bucket names are INVALID_ARGUMENT before any network call")
        void badNames(String name) {
            assertInvalidArgument(() -> cloud.bucket(name));
        }
    }

    @Nested
    @DisplayName("Round trips")
    class RoundTrips {

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {0, 1, 1000, 5 * 1024 * 1024 + 1})
        @DisplayName("bytes come back as they were put, with size and ETag")
        void bytes(int size) {
            Bucket bucket = newBucket();
            byte[] content = random(size);
            BlobInfo put = bucket.put("obj", content);
            assertThat(bucket.getBytes("obj")).isEqualTo(content);
            BlobInfo head = bucket.head("obj").orElseThrow();
            assertThat(head.size()).isEqualTo(size);
            assertThat(head.etag()).isEqualTo(put.etag());
        }

        @Test
        @DisplayName("a string round-trips as UTF-8")
        void string() {
            Bucket bucket = newBucket();
            bucket.put("s", "héllo wörld ✓");
            assertThat(bucket.getString("s")).isEqualTo("héllo wörld ✓");
        }

        @Test
        @DisplayName("an InputStream of unknown length is stored whole")
        void unknownLengthStream() {
            Bucket bucket = newBucket();
            byte[] content = random(300_000);
            bucket.put("stream", new ByteArrayInputStream(content) {
                @Override
                public synchronized int available() {
                    return 0;
                }
            }, PutOptions.defaults());
            assertThat(bucket.getBytes("stream")).isEqualTo(content);
        }

        @Test
        @DisplayName("a file uploads and downloads to a file")
        void files() throws IOException {
            Bucket bucket = newBucket();
            Path in = Files.createTempFile("blob", ".in");
            Path out = Files.createTempFile("blob", ".out");
            try {
                byte[] content = random(123_457);
                Files.write(in, content);
                bucket.put("file", in, PutOptions.defaults());
                BlobInfo info = bucket.download("file", out);
                assertThat(Files.readAllBytes(out)).isEqualTo(content);
                assertThat(info.size()).isEqualTo(content.length);
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
            }
        }

        @Test
        @DisplayName("open streams the content")
        void openStreams() throws IOException {
            Bucket bucket = newBucket();
            byte[] content = random(200_000);
            bucket.put("o", content);
            try (InputStream in = bucket.open("o", GetOptions.defaults())) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        }

        @Test
        @DisplayName("putting again replaces the object and changes its ETag")
        void overwrite() {
            Bucket bucket = newBucket();
            String first = bucket.put("k", "one").etag();
            String second = bucket.put("k", "two").etag();
            assertThat(bucket.getString("k")).isEqualTo("two");
            assertThat(second).isNotEqualTo(first);
        }

        @Test
        @DisplayName("a missing object is NOT_FOUND on get and empty on head")
        void missingObject() {
            Bucket bucket = newBucket();
            assertNotFound(() -> bucket.getBytes("nope"));
            assertNotFound(() -> bucket.open("nope", GetOptions.defaults()));
            assertThat(bucket.head("nope")).isEmpty();
        }

        @Test
        @DisplayName("deleting an object removes it, and deleting again is harmless")
        void deleteObject() {
            Bucket bucket = newBucket();
            bucket.put("d", "x");
            bucket.delete("d");
            assertThat(bucket.head("d")).isEmpty();
            bucket.delete("d");
        }

        @Test
        @DisplayName("copy within a bucket and to another bucket keeps content and metadata")
        void copy() {
            Bucket source = newBucket();
            Bucket target = newBucket();
            source.put("src", "copied".getBytes(StandardCharsets.UTF_8),
                    PutOptions.builder().contentType("text/plain").metadata("owner", "ann").build());
            source.copy("src", source, "same-bucket");
            BlobInfo copied = source.copy("src", target, "other/bucket");
            assertThat(source.getString("same-bucket")).isEqualTo("copied");
            assertThat(target.getString("other/bucket")).isEqualTo("copied");
            assertThat(copied.size()).isEqualTo(6);
            BlobInfo head = target.head("other/bucket").orElseThrow();
            assertThat(head.metadata()).containsEntry("owner", "ann");
            assertThat(head.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        }

        @Test
        @DisplayName("copying a missing object is NOT_FOUND")
        void copyMissing() {
            Bucket bucket = newBucket();
            assertNotFound(() -> bucket.copy("nope", bucket, "x"));
        }

        @Test
        @DisplayName("a large generated stream uploads with bounded heap")
        void largeStream() throws IOException {
            long size = largeObjectBytes();
            assumeTrue(size > 0, "this target keeps objects in the test JVM's memory, so it cannot show bounded"
                    + " heap use; runners on emulators set largeObjectBytes");
            Bucket bucket = newBucket();
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long before = rt.totalMemory() - rt.freeMemory();
            long[] peak = {before};
            InputStream generated = new InputStream() {
                private long sent;

                @Override
                public int read() {
                    return sent < size ? (int) (sent++ & 0x7f) : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (sent >= size) {
                        return -1;
                    }
                    int n = (int) Math.min(len, size - sent);
                    for (int i = 0; i < n; i++) {
                        b[off + i] = (byte) ((sent + i) & 0x7f);
                    }
                    long mark = sent >> 25;
                    sent += n;
                    if (sent >> 25 != mark) {
                        // Every 32 MiB: collect, so that the sample is the live heap, not garbage awaiting a GC.
                        System.gc();
                        peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory());
                    }
                    return n;
                }
            };
            bucket.put("large", generated, PutOptions.defaults());
            assertThat(bucket.head("large").orElseThrow().size()).isEqualTo(size);
            assertThat(peak[0] - before).as("heap growth while uploading").isLessThan(Math.min(size / 2, 64L << 20));
            try (InputStream in = bucket.open("large", GetOptions.builder().from(size - 10).build())) {
                assertThat(in.readAllBytes()).hasSize(10);
            }
        }
    }

    @Nested
    @DisplayName("Ranges")
    class Ranges {

        @Test
        @DisplayName("a range returns exactly its bytes")
        void range() {
            Bucket bucket = newBucket();
            bucket.put("r", "0123456789");
            assertThat(new String(bucket.getBytes("r", GetOptions.builder().range(2, 3).build()),
                    StandardCharsets.UTF_8)).isEqualTo("234");
        }

        @Test
        @DisplayName("a range reaching past the end stops at the end")
        void pastTheEnd() {
            Bucket bucket = newBucket();
            bucket.put("r", "0123456789");
            assertThat(new String(bucket.getBytes("r", GetOptions.builder().range(7, 100).build()),
                    StandardCharsets.UTF_8)).isEqualTo("789");
        }

        @Test
        @DisplayName("reading from an offset reads to the end")
        void fromOffset() {
            Bucket bucket = newBucket();
            bucket.put("r", "0123456789");
            assertThat(new String(bucket.getBytes("r", GetOptions.builder().from(9).build()),
                    StandardCharsets.UTF_8)).isEqualTo("9");
        }

        @Test
        @DisplayName("a negative offset or length is INVALID_ARGUMENT")
        void negative() {
            assertInvalidArgument(() -> GetOptions.builder().range(-1, 2).build());
            assertInvalidArgument(() -> GetOptions.builder().range(0, -2).build());
        }
    }

    @Nested
    @DisplayName("Conditions")
    class Conditions {

        @Test
        @DisplayName("ifNoneMatch(\"*\") creates a missing object")
        void createOnly() {
            Bucket bucket = newBucket();
            bucket.put("c", "1".getBytes(StandardCharsets.UTF_8), PutOptions.builder().ifNoneMatch("*").build());
            assertThat(bucket.getString("c")).isEqualTo("1");
        }

        @Test
        @DisplayName("ifNoneMatch(\"*\") on an existing object is PRECONDITION_FAILED and keeps it")
        void createOnlyExisting() {
            Bucket bucket = newBucket();
            bucket.put("c", "1");
            assertFailsWith(ErrorCode.PRECONDITION_FAILED, () -> bucket.put("c",
                    "2".getBytes(StandardCharsets.UTF_8), PutOptions.builder().ifNoneMatch("*").build()));
            assertThat(bucket.getString("c")).isEqualTo("1");
        }

        @Test
        @DisplayName("ifMatch with the current ETag writes")
        void ifMatchCurrent() {
            Bucket bucket = newBucket();
            String etag = bucket.put("m", "1").etag();
            bucket.put("m", "2".getBytes(StandardCharsets.UTF_8), PutOptions.builder().ifMatch(etag).build());
            assertThat(bucket.getString("m")).isEqualTo("2");
        }

        @Test
        @DisplayName("ifMatch with a stale ETag is PRECONDITION_FAILED")
        void ifMatchStale() {
            Bucket bucket = newBucket();
            String stale = bucket.put("m", "1").etag();
            bucket.put("m", "2");
            assertFailsWith(ErrorCode.PRECONDITION_FAILED, () -> bucket.put("m",
                    "3".getBytes(StandardCharsets.UTF_8), PutOptions.builder().ifMatch(stale).build()));
            assertThat(bucket.getString("m")).isEqualTo("2");
        }

        @Test
        @DisplayName("a get with a stale ETag is PRECONDITION_FAILED, with the current one reads")
        void conditionalGet() {
            Bucket bucket = newBucket();
            String stale = bucket.put("g", "1").etag();
            String current = bucket.put("g", "2").etag();
            assertFailsWith(ErrorCode.PRECONDITION_FAILED,
                    () -> bucket.getBytes("g", GetOptions.builder().ifMatch(stale).build()));
            assertThat(bucket.getBytes("g", GetOptions.builder().ifMatch(current).build()))
                    .isEqualTo("2".getBytes(StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("ifNoneMatch accepts only \"*\", and not together with ifMatch")
        void badConditions() {
            assertInvalidArgument(() -> PutOptions.builder().ifNoneMatch("\"abc\""));
            assertInvalidArgument(() -> PutOptions.builder().ifMatch("x").ifNoneMatch("*").build());
        }
    }

    @Nested
    @DisplayName("Metadata")
    class Metadata {

        @Test
        @DisplayName("content type, cache control and user metadata round-trip")
        void roundTrip() {
            Bucket bucket = newBucket();
            bucket.put("meta", "{}".getBytes(StandardCharsets.UTF_8), PutOptions.builder()
                    .contentType("application/json").cacheControl("max-age=60")
                    .metadata("owner", "ann").metadata("x-version", "2").build());
            BlobInfo head = bucket.head("meta").orElseThrow();
            assertThat(head.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(head.cacheControl()).hasValue("max-age=60");
            assertThat(head.metadata()).containsEntry("owner", "ann").containsEntry("x-version", "2");
            assertThat(head.lastModified()).isNotNull();
        }

        @Test
        @DisplayName("metadata keys outside the portable rule are INVALID_ARGUMENT")
        void badKeys() {
            assertInvalidArgument(() -> PutOptions.builder().metadata("Upper", "v"));
            assertInvalidArgument(() -> PutOptions.builder().metadata("under_score", "v"));
            assertInvalidArgument(() -> PutOptions.builder().metadata("k", "non-ascii é"));
        }

        @Test
        @DisplayName("metadata over 2 KiB is INVALID_ARGUMENT")
        void oversize() {
            assertInvalidArgument(() -> PutOptions.builder().metadata("big", "x".repeat(3000)).build());
        }
    }

    @Nested
    @DisplayName("Keys")
    class Keys {

        @ParameterizedTest(name = "key \"{0}\"")
        @ValueSource(strings = {"a/b", "a//b", "../x", "with space", "per%2Fcent", "ünïcödé/日本語", "trailing/",
            "emoji-😀", "plus+and&amp", "q?x=1#frag"})
        @DisplayName("awkward keys round-trip and list as themselves")
        void awkward(String key) {
            awkwardKeyGap(key).ifPresent(reason -> assumeTrue(false, reason));
            Bucket bucket = newBucket();
            bucket.put(key, key);
            assertThat(bucket.getString(key)).isEqualTo(key);
            assertThat(bucket.stream("").map(BlobInfo::key)).containsExactly(key);
        }

        @Test
        @DisplayName("a key of the maximum length works; one byte more is INVALID_ARGUMENT")
        void maxLength() {
            Bucket bucket = newBucket();
            int max = bucket.capabilities().maxKeyBytes();
            bucket.put("k".repeat(max), "x");
            assertThat(bucket.head("k".repeat(max))).isPresent();
            assertInvalidArgument(() -> bucket.put("k".repeat(max + 1), "x"));
        }

        @Test
        @DisplayName("empty keys, NUL and unpaired surrogates are INVALID_ARGUMENT")
        void badKeys() {
            Bucket bucket = cloud.bucket(uniqueName("blob"));
            assertInvalidArgument(() -> bucket.put("", "x"));
            assertInvalidArgument(() -> bucket.put("a\u0000b", "x"));
            assertInvalidArgument(() -> bucket.put("a\ud800b", "x"));
        }

        @Test
        @DisplayName("null arguments are NullPointerException")
        void nulls() {
            Bucket bucket = cloud.bucket(uniqueName("blob"));
            assertThatThrownBy(() -> bucket.put(null, "x")).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> bucket.put("k", (byte[]) null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> bucket.getBytes("k", null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    @DisplayName("Listing")
    class Listing {

        private Bucket filled() {
            Bucket bucket = newBucket();
            for (String key : List.of("a.txt", "b/1", "b/2", "b/c/3", "c/4", "d.txt", "e/5")) {
                bucket.put(key, key);
            }
            return bucket;
        }

        private List<String> allPages(Bucket bucket, ListOptions.Builder options) {
            List<String> seen = new ArrayList<>();
            BlobPage page = bucket.list(options.build());
            while (true) {
                page.blobs().forEach(b -> seen.add(b.key()));
                page.prefixes().forEach(p -> seen.add("P:" + p));
                if (page.cursor().isEmpty()) {
                    return seen;
                }
                page = bucket.list(options.cursor(page.cursor().get()).build());
            }
        }

        @Test
        @DisplayName("lists every key in order without a delimiter")
        void all() {
            Bucket bucket = filled();
            assertThat(bucket.stream("").map(BlobInfo::key).collect(Collectors.toList()))
                    .containsExactly("a.txt", "b/1", "b/2", "b/c/3", "c/4", "d.txt", "e/5");
        }

        @Test
        @DisplayName("a prefix narrows the listing")
        void prefix() {
            Bucket bucket = filled();
            assertThat(bucket.stream("b/").map(BlobInfo::key)).containsExactly("b/1", "b/2", "b/c/3");
        }

        @Test
        @DisplayName("a delimiter rolls keys up into common prefixes")
        void delimiter() {
            Bucket bucket = filled();
            BlobPage page = bucket.list(ListOptions.builder().delimiter("/").build());
            assertThat(page.blobs()).extracting(BlobInfo::key).containsExactly("a.txt", "d.txt");
            assertThat(page.prefixes()).containsExactly("b/", "c/", "e/");
            assertThat(page.cursor()).isEmpty();
        }

        @Test
        @DisplayName("a delimiter under a prefix lists one folder level")
        void folder() {
            Bucket bucket = filled();
            BlobPage page = bucket.list(ListOptions.builder().prefix("b/").delimiter("/").build());
            assertThat(page.blobs()).extracting(BlobInfo::key).containsExactly("b/1", "b/2");
            assertThat(page.prefixes()).containsExactly("b/c/");
        }

        @Test
        @DisplayName("pages of one entry with a delimiter cover everything once, across page boundaries")
        void delimiterPages() {
            Bucket bucket = filled();
            assertThat(allPages(bucket, ListOptions.builder().delimiter("/").pageSize(1)))
                    .containsExactlyInAnyOrder("a.txt", "P:b/", "P:c/", "d.txt", "P:e/");
        }

        @Test
        @DisplayName("pages of two without a delimiter cover everything once, in order")
        void pages() {
            Bucket bucket = filled();
            assertThat(allPages(bucket, ListOptions.builder().pageSize(2)))
                    .containsExactly("a.txt", "b/1", "b/2", "b/c/3", "c/4", "d.txt", "e/5");
        }

        @Test
        @DisplayName("the stream fetches pages lazily and sees every object")
        void lazyStream() {
            Bucket bucket = filled();
            assertThat(bucket.stream(ListOptions.builder().pageSize(3).build()).limit(4).map(BlobInfo::key))
                    .containsExactly("a.txt", "b/1", "b/2", "b/c/3");
        }

        @Test
        @DisplayName("an empty bucket lists nothing")
        void empty() {
            Bucket bucket = newBucket();
            BlobPage page = bucket.list(ListOptions.builder().build());
            assertThat(page.blobs()).isEmpty();
            assertThat(page.cursor()).isEmpty();
        }

        @Test
        @DisplayName("a cursor of another prefix or bucket is INVALID_ARGUMENT")
        void foreignCursor() {
            Bucket bucket = filled();
            Bucket other = newBucket();
            String cursor = bucket.list(ListOptions.builder().pageSize(1).build()).cursor().orElseThrow();
            assertInvalidArgument(() -> bucket.list(ListOptions.builder().prefix("b/").cursor(cursor).build()));
            assertInvalidArgument(() -> bucket.list(ListOptions.builder().delimiter("/").cursor(cursor).build()));
            assertInvalidArgument(() -> other.list(ListOptions.builder().cursor(cursor).build()));
        }

        @Test
        @DisplayName("a malformed cursor is INVALID_ARGUMENT")
        void malformedCursor() {
            Bucket bucket = newBucket();
            assertInvalidArgument(() -> bucket.list(ListOptions.builder().cursor("garbage").build()));
            assertInvalidArgument(() -> bucket.list(ListOptions.builder().cursor("pc1.AAAA").build()));
        }

        @Test
        @DisplayName("page sizes outside 1..1000 and an empty delimiter are INVALID_ARGUMENT")
        void badOptions() {
            assertInvalidArgument(() -> ListOptions.builder().pageSize(0).build());
            assertInvalidArgument(() -> ListOptions.builder().pageSize(1001).build());
            assertInvalidArgument(() -> ListOptions.builder().delimiter("").build());
        }
    }

    @Nested
    @DisplayName("Presigned URLs")
    class Presigned {

        @Test
        @DisplayName("lifetimes outside 1 second to 7 days and bad keys are INVALID_ARGUMENT before the network")
        void badArguments() {
            Bucket bucket = cloud.bucket("never-created");
            assertInvalidArgument(() -> bucket.presignGet("k", Duration.ZERO));
            assertInvalidArgument(() -> bucket.presignPut("k", Bucket.MAX_PRESIGN_TTL.plusSeconds(1)));
            assertInvalidArgument(() -> bucket.presignGet("", Duration.ofMinutes(1)));
            assertThatThrownBy(() -> bucket.presignGet("k", null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        @DisplayName("a provider without presigned URLs refuses them with UNIMPLEMENTED")
        void undeclared() {
            Bucket bucket = cloud.bucket("never-created");
            assumeTrue(!bucket.capabilities().presign(), "the provider declares presigned URLs");
            assertFailsWith(ErrorCode.UNIMPLEMENTED, () -> bucket.presignGet("k", Duration.ofMinutes(1)));
        }

        @Test
        @DisplayName("a presigned GET URL serves the object to a plain HTTP client, and a PUT URL stores bytes")
        void served() throws Exception {
            Bucket bucket = newBucket();
            assumeTrue(bucket.capabilities().presign(), "the provider declares no presigned URLs yet"
                    + " (BlobCapabilities.presign is false)");
            presignedUrlGap().ifPresent(reason -> assumeTrue(false, reason));
            bucket.put("photo", "the bytes");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> got = http.send(HttpRequest.newBuilder(bucket.presignGet("photo",
                    Duration.ofMinutes(5))).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo("the bytes");
            // The portable PUT: Azure's Put Blob needs x-ms-blob-type, every other provider ignores it.
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(bucket.presignPut("uploaded",
                    Duration.ofMinutes(5))).header("Content-Type", "text/plain")
                    .header(Bucket.PRESIGNED_PUT_BLOB_TYPE_HEADER, Bucket.PRESIGNED_PUT_BLOB_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofString("sent")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isBetween(200, 299);
            assertThat(bucket.getString("uploaded")).isEqualTo("sent");
            assertThat(bucket.head("uploaded").orElseThrow().contentType()).contains("text/plain");
        }
    }
}

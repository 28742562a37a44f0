package dev.polycloud.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.PayloadCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("S3 event notifications in the Lambda adapter")
class S3EventsTest {

    /** Records the batch; fails when an event's key contains "fail". */
    public static final class Uploads implements FunctionHandler<BlobEventBatch, Void> {
        static final AtomicReference<BlobEventBatch> LAST = new AtomicReference<>();

        @Override
        public Void handle(BlobEventBatch batch, FunctionContext context) {
            LAST.set(batch);
            if (batch.events().stream().anyMatch(e -> e.key().contains("fail"))) {
                throw new IllegalStateException("thumbnail failed");
            }
            return null;
        }
    }

    /** Gets the batch as its JSON (a handler of another input type). */
    public static final class AsMap implements FunctionHandler<Map<String, Object>, String> {
        static final AtomicReference<Map<String, Object>> LAST = new AtomicReference<>();

        @Override
        public String handle(Map<String, Object> input, FunctionContext context) {
            LAST.set(input);
            return "ok";
        }
    }

    static JsonNode json(String text) {
        try {
            return PayloadCodec.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] run(Class<?> handler, byte[] event) {
        PolycloudLambdaHandler adapter = new PolycloudLambdaHandler(
                Map.of(PolycloudLambdaHandler.HANDLER_ENV, handler.getName()), S3EventsTest.class.getClassLoader());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            adapter.handleRequest(new ByteArrayInputStream(event), out, new FakeContext("thumbnail", 30_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Nested
    @DisplayName("decoding the documented record shape")
    class Decoding {

        private final BlobEventBatch batch = S3Events.fromS3(json(new String(
                PolycloudLambdaHandlerTest.resource("s3-notification.json"), StandardCharsets.UTF_8)));

        @Test
        @DisplayName("a created object gives bucket, URL-decoded key, size, ETag and event time")
        void created() {
            BlobEvent e = batch.events().get(0);
            assertThat(e.bucket()).isEqualTo("uploads");
            assertThat(e.key()).isEqualTo("images/summer holiday+été.jpg");
            assertThat(e.type()).isEqualTo(BlobEventType.CREATED);
            assertThat(e.size()).isEqualTo(1024);
            assertThat(e.etag()).contains("\"d41d8cd98f00b204e9800998ecf8427e\"");
            assertThat(e.time()).isEqualTo(Instant.parse("2026-12-06T03:30:00.123Z"));
        }

        @Test
        @DisplayName("a removed object is DELETED with size 0 and no ETag")
        void removed() {
            BlobEvent e = batch.events().get(1);
            assertThat(e.type()).isEqualTo(BlobEventType.DELETED);
            assertThat(e.key()).isEqualTo("images/old.png");
            assertThat(e.size()).isZero();
            assertThat(e.etag()).isEmpty();
        }

        @Test
        @DisplayName("records of other S3 events (tagging) are left out, and the batch names the bucket")
        void others() {
            assertThat(batch.events()).hasSize(2);
            assertThat(batch.bucket()).isEqualTo("uploads");
        }

        @Test
        @DisplayName("S3's test event, an SQS event and an SNS event are not S3 events")
        void notS3() {
            assertThat(S3Events.isS3(json("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"b\"}")))
                    .isFalse();
            assertThat(S3Events.isS3(json(new String(PolycloudLambdaHandlerTest.resource("sqs-receive-message.json"),
                    StandardCharsets.UTF_8)))).isFalse();
            assertThat(S3Events.isS3(json(new String(PolycloudLambdaHandlerTest.resource("sns-notification.json"),
                    StandardCharsets.UTF_8)))).isFalse();
        }

        @Test
        @DisplayName("times without a zone (as moto writes them) are UTC; keys that are not encoded stay as they are")
        void lenient() {
            assertThat(S3Events.time("2026-12-06T03:30:00.123456")).isEqualTo(Instant.parse("2026-12-06T03:30:00.123456Z"));
            assertThat(S3Events.decodeKey("100%")).isEqualTo("100%");
            assertThat(S3Events.decodeKey("a%2Fb+c")).isEqualTo("a/b c");
        }
    }

    @Nested
    @DisplayName("running a handler")
    class Running {

        @Test
        @DisplayName("a BlobEventBatch handler gets the events and the invocation answers nothing")
        void handler() {
            byte[] out = run(Uploads.class, PolycloudLambdaHandlerTest.resource("s3-notification.json"));
            assertThat(out).isEmpty();
            assertThat(Uploads.LAST.get().events()).extracting(BlobEvent::key)
                    .containsExactly("images/summer holiday+été.jpg", "images/old.png");
        }

        @Test
        @DisplayName("a handler that throws fails the invocation with its own exception, so Lambda retries it")
        void failed() {
            String event = new String(PolycloudLambdaHandlerTest.resource("s3-notification.json"), StandardCharsets.UTF_8)
                    .replace("images/old.png", "images/fail.png");
            assertThatThrownBy(() -> run(Uploads.class, event.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IllegalStateException.class).hasMessage("thumbnail failed");
        }

        @Test
        @DisplayName("a handler of another input type gets the batch as JSON")
        void otherType() {
            run(AsMap.class, PolycloudLambdaHandlerTest.resource("s3-notification.json"));
            assertThat(AsMap.LAST.get()).containsEntry("bucket", "uploads");
            assertThat(AsMap.LAST.get().get("events")).asList().hasSize(2);
        }
    }

    @Test
    @DisplayName("an event without a size or ETag field decodes with defaults")
    void sparse() {
        Optional<BlobEvent> e = S3Events.event(json("{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Copy\","
                + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}"));
        assertThat(e).get().extracting(BlobEvent::size, BlobEvent::etag).containsExactly(0L, Optional.empty());
    }
}

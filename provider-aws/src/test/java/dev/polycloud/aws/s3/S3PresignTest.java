package dev.polycloud.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.Bucket;
import dev.polycloud.emulators.MotoServer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * S3 presigned URLs on moto. Moto serves a presigned URL but does not check its signature or expiry (a tampered
 * or expired URL is still answered 200, seen with moto 5.2), so what a real S3 would verify is asserted on the
 * URL's shape: SigV4 query parameters, the credential scope, the lifetime, path style on the endpoint.
 */
@DisplayName("S3 presigned URLs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3PresignTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private URI moto;
    private Cloud cloud;
    private Bucket bucket;

    @BeforeAll
    void open() {
        moto = MotoServer.shared().endpoint();
        cloud = open(PolycloudConfig.builder().provider("aws").set("polycloud.aws.endpoint", moto.toString())
                .set("polycloud.aws.region", "us-east-1").set("polycloud.aws.access-key-id", "test")
                .set("polycloud.aws.secret-access-key", "test").build(), null);
        bucket = cloud.bucket(("presign-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36))
                .toLowerCase(Locale.ROOT));
        bucket.create();
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static Cloud open(PolycloudConfig config, AwsCredentialsProvider credentials) {
        Polycloud.Builder b = Polycloud.builder().config(config);
        if (credentials != null) {
            b.use(AwsCredentialsProvider.class, credentials);
        }
        return b.open();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    @Nested
    @DisplayName("served by moto to a plain HTTP client")
    class Served {

        @Test
        @DisplayName("a GET URL returns the object's bytes")
        void get() throws Exception {
            bucket.put("docs/a b+c.txt", "hello");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(bucket.presignGet("docs/a b+c.txt",
                    Duration.ofMinutes(1))).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello");
        }

        @Test
        @DisplayName("a PUT URL stores the body with the content type the client sent")
        void put() throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(bucket.presignPut("up/loaded.json",
                    Duration.ofMinutes(1))).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(bucket.getString("up/loaded.json")).isEqualTo("{\"a\":1}");
            BlobInfo info = bucket.head("up/loaded.json").orElseThrow();
            assertThat(info.contentType()).contains("application/json");
        }
    }

    @Nested
    @DisplayName("signed as SigV4 (moto does not verify signatures, so the shape is checked)")
    class Shape {

        @Test
        @DisplayName("the URL is path-style on the endpoint, with the key encoded and the SigV4 query parameters")
        void sigV4() {
            URI uri = bucket.presignGet("docs/a b+c.txt", Duration.ofSeconds(90));
            assertThat(uri.getScheme() + "://" + uri.getRawAuthority()).isEqualTo(moto.toString().replaceAll("/$", ""));
            assertThat(uri.getRawPath()).isEqualTo("/" + bucket.name() + "/docs/a%20b%2Bc.txt");
            Map<String, String> q = query(uri);
            assertThat(q).containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                    .containsEntry("X-Amz-Expires", "90").containsEntry("X-Amz-SignedHeaders", "host");
            assertThat(q.get("X-Amz-Credential")).matches("test/\\d{8}/us-east-1/s3/aws4_request");
            assertThat(q.get("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
            assertThat(q.get("X-Amz-Signature")).matches("[0-9a-f]{64}");
        }

        @Test
        @DisplayName("GET and PUT URLs of the same key carry different signatures")
        void methodSigned() {
            URI get = bucket.presignGet("k", Duration.ofMinutes(1));
            URI put = bucket.presignPut("k", Duration.ofMinutes(1));
            assertThat(query(get).get("X-Amz-Signature")).isNotEqualTo(query(put).get("X-Amz-Signature"));
        }

        @Test
        @DisplayName("credentials handed over with use(AwsCredentialsProvider) sign the URL")
        void userCredentials() {
            try (Cloud other = open(PolycloudConfig.builder().provider("aws").set("polycloud.aws.endpoint",
                    moto.toString()).set("polycloud.aws.region", "eu-west-1").build(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDUSER", "secret")))) {
                URI uri = other.bucket(bucket.name()).presignPut("k", Duration.ofDays(7));
                Map<String, String> q = query(uri);
                assertThat(q.get("X-Amz-Credential")).matches("AKIDUSER/\\d{8}/eu-west-1/s3/aws4_request");
                assertThat(q).containsEntry("X-Amz-Expires", String.valueOf(Duration.ofDays(7).toSeconds()));
            }
        }
    }
}

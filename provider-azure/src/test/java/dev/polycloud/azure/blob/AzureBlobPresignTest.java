package dev.polycloud.azure.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.blob.Bucket;
import dev.polycloud.emulators.Azurite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** SAS URLs on Azurite, which checks SAS signatures, permissions and expiry as Blob Storage does. */
@DisplayName("Azure Blob presigned (SAS) URLs on Azurite")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureBlobPresignTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Cloud cloud;
    private Bucket bucket;

    @BeforeAll
    void open() {
        cloud = Polycloud.open(PolycloudConfig.builder().provider("azure")
                .set("polycloud.azure.connection-string", Azurite.shared().connectionString()).build());
        bucket = cloud.bucket("presign-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36));
        bucket.create();
        bucket.put("photo.txt", "the bytes");
    }

    @AfterAll
    void close() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(URI uri, String body, boolean blockBlobHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (blockBlobHeader) {
            b.header("x-ms-blob-type", "BlockBlob");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @DisplayName("a valid URL")
    class Valid {

        @Test
        @DisplayName("GET serves the blob to a plain HTTP client")
        void get() throws Exception {
            HttpResponse<String> r = AzureBlobPresignTest.this.get(bucket.presignGet("photo.txt", Duration.ofMinutes(5)));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("the bytes");
        }

        @Test
        @DisplayName("PUT with x-ms-blob-type: BlockBlob stores the body and its content type")
        void put() throws Exception {
            HttpResponse<String> r = AzureBlobPresignTest.this.put(bucket.presignPut("up/data.csv",
                    Duration.ofMinutes(5)), "a,b", true);
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(bucket.getString("up/data.csv")).isEqualTo("a,b");
            assertThat(bucket.head("up/data.csv").orElseThrow().contentType()).contains("text/csv");
        }

        @Test
        @DisplayName("the URL is the blob's URL with a service SAS: version, expiry, blob resource, signature")
        void shape() {
            URI uri = bucket.presignPut("k", Duration.ofHours(1));
            assertThat(uri.getRawPath()).isEqualTo("/" + Azurite.ACCOUNT + "/" + bucket.name() + "/k");
            assertThat(uri.getRawQuery()).contains("sv=", "se=", "sr=b", "sp=cw", "sig=");
            assertThat(bucket.presignGet("k", Duration.ofHours(1)).getRawQuery()).contains("sp=r&");
        }
    }

    @Nested
    @DisplayName("Azurite refuses with 403")
    class Refused {

        @Test
        @DisplayName("an expired URL")
        void expired() throws Exception {
            URI uri = bucket.presignGet("photo.txt", Duration.ofSeconds(1));
            Thread.sleep(2_500);
            assertThat(get(uri).statusCode()).isEqualTo(403);
        }

        @Test
        @DisplayName("a URL whose signature was tampered with")
        void tampered() throws Exception {
            URI uri = bucket.presignGet("photo.txt", Duration.ofMinutes(5));
            String q = uri.getRawQuery();
            int at = q.indexOf("sig=") + 4;
            char flipped = q.charAt(at) == 'A' ? 'B' : 'A';
            URI tampered = URI.create(uri.toString().replace("sig=" + q.charAt(at), "sig=" + flipped));
            assertThat(get(tampered).statusCode()).isEqualTo(403);
        }

        @Test
        @DisplayName("a URL signed for another blob")
        void otherBlob() throws Exception {
            URI uri = bucket.presignGet("photo.txt", Duration.ofMinutes(5));
            assertThat(get(URI.create(uri.toString().replace("/photo.txt?", "/other.txt?"))).statusCode())
                    .isEqualTo(403);
        }

        @Test
        @DisplayName("a GET URL used to PUT (read permission only)")
        void wrongPermission() throws Exception {
            assertThat(put(bucket.presignGet("photo.txt", Duration.ofMinutes(5)), "overwritten", true).statusCode())
                    .isEqualTo(403);
            assertThat(bucket.getString("photo.txt")).isEqualTo("the bytes");
        }
    }
}

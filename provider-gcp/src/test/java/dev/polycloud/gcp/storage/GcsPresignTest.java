package dev.polycloud.gcp.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.spi.BlobDriver;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The request shape of GCS V4 signed URLs (no emulator validates them here): signed locally with a generated
 * service-account key, no network.
 */
@DisplayName("GCS presigned URLs")
class GcsPresignTest {

    private static Storage signing() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPrivateKey key = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
        ServiceAccountCredentials credentials = ServiceAccountCredentials.newBuilder()
                .setClientEmail("signer@demo.iam.gserviceaccount.com").setPrivateKey(key).setProjectId("demo")
                .build();
        return StorageOptions.newBuilder().setProjectId("demo").setCredentials(credentials).build().getService();
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    @Nested
    @DisplayName("with credentials that can sign")
    class Signing {

        @Test
        @DisplayName("a GET URL is a V4 signed URL of the object with the requested lifetime")
        void get() throws Exception {
            Storage storage = signing();
            URI uri = new GcsBlobDriver(() -> storage, "photos").presign("a dir/ü.png", BlobDriver.Access.GET,
                    Duration.ofMinutes(15));
            assertThat(uri.getScheme()).isEqualTo("https");
            assertThat(uri.getHost()).isEqualTo("storage.googleapis.com");
            assertThat(uri.getPath()).isEqualTo("/photos/a dir/ü.png");
            Map<String, String> q = query(uri);
            assertThat(q).containsEntry("X-Goog-Algorithm", "GOOG4-RSA-SHA256")
                    .containsEntry("X-Goog-Expires", "900")
                    .containsEntry("X-Goog-SignedHeaders", "host");
            assertThat(q.get("X-Goog-Credential")).startsWith("signer@demo.iam.gserviceaccount.com/")
                    .endsWith("/auto/storage/goog4_request");
            assertThat(q.get("X-Goog-Date")).matches("\\d{8}T\\d{6}Z");
            assertThat(q.get("X-Goog-Signature")).matches("[0-9a-f]{512}");
        }

        @Test
        @DisplayName("a PUT URL is signed for another method, so its signature differs from the GET URL's")
        void put() throws Exception {
            Storage storage = signing();
            GcsBlobDriver driver = new GcsBlobDriver(() -> storage, "photos");
            URI put = driver.presign("k", BlobDriver.Access.PUT, Duration.ofSeconds(60));
            URI get = driver.presign("k", BlobDriver.Access.GET, Duration.ofSeconds(60));
            assertThat(query(put)).containsEntry("X-Goog-Expires", "60");
            assertThat(query(put).get("X-Goog-Signature")).isNotEqualTo(query(get).get("X-Goog-Signature"));
        }
    }

    @Test
    @DisplayName("credentials that cannot sign are UNAUTHENTICATED")
    void cannotSign() {
        Storage storage = StorageOptions.newBuilder().setProjectId("demo").setCredentials(NoCredentials.getInstance())
                .build().getService();
        assertThatThrownBy(() -> new GcsBlobDriver(() -> storage, "photos").presign("k", BlobDriver.Access.GET,
                Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.UNAUTHENTICATED));
    }

    @Test
    @DisplayName("the driver declares presigned URLs")
    void declared() {
        assertThat(GcsBlobDriver.CAPABILITIES.presign()).isTrue();
    }
}

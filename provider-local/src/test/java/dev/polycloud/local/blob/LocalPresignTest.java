package dev.polycloud.local.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.blob.Bucket;
import dev.polycloud.local.LocalClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Local presigned URLs")
class LocalPresignTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalClock clock;
    private Cloud cloud;
    private Bucket bucket;

    @BeforeEach
    void open() {
        clock = LocalClock.system();
        cloud = Polycloud.builder().config(PolycloudConfig.builder().provider("local").build())
                .use(LocalClock.class, clock).open();
        bucket = cloud.bucket("photos");
        bucket.create();
        bucket.put("a.txt", "the bytes");
    }

    @AfterEach
    void close() {
        cloud.close();
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @DisplayName("a valid URL")
    class Valid {

        @Test
        @DisplayName("is served from 127.0.0.1 and GET returns the object with its ETag")
        void served() throws Exception {
            URI uri = bucket.presignGet("a.txt", Duration.ofMinutes(1));
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> r = get(uri);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("the bytes");
            assertThat(r.headers().firstValue("ETag")).contains(bucket.head("a.txt").orElseThrow().etag());
        }

        @Test
        @DisplayName("PUT stores the body with the request's content type")
        void stored() throws Exception {
            HttpResponse<String> r = put(bucket.presignPut("new.png", Duration.ofMinutes(1)),
                    "png!");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(bucket.getString("new.png")).isEqualTo("png!");
            assertThat(bucket.head("new.png").orElseThrow().contentType()).contains("image/png");
            assertThat(r.headers().firstValue("ETag")).contains(bucket.head("new.png").orElseThrow().etag());
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"dir/sub/file.txt", "per%2Fcent", "q?x=1#frag", "../up", "a b/ünï cödé"})
        @DisplayName("works for any key")
        void anyKey(String key) throws Exception {
            assertThat(put(bucket.presignPut(key, Duration.ofMinutes(1)), key).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> r = get(bucket.presignGet(key, Duration.ofMinutes(1)));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(key);
        }

        @Test
        @DisplayName("GET of an object that does not exist (yet) is 404")
        void missing() throws Exception {
            assertThat(get(bucket.presignGet("later.txt", Duration.ofMinutes(1))).statusCode()).isEqualTo(404);
        }
    }

    @Nested
    @DisplayName("403 Forbidden")
    class Forbidden {

        @Test
        @DisplayName("for an expired URL, by the cloud's clock")
        void expired() throws Exception {
            URI uri = bucket.presignGet("a.txt", Duration.ofMinutes(10));
            clock.advance(Duration.ofMinutes(9));
            assertThat(get(uri).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(1).plusSeconds(2));
            assertThat(get(uri).statusCode()).isEqualTo(403);
        }

        @Test
        @DisplayName("for a tampered signature, expiry or key")
        void tampered() throws Exception {
            URI uri = bucket.presignGet("a.txt", Duration.ofMinutes(1));
            String s = uri.toString();
            int sig = s.indexOf("signature=") + 10;
            String flipped = s.substring(0, sig) + (s.charAt(sig) == 'A' ? 'B' : 'A') + s.substring(sig + 1);
            assertThat(get(URI.create(flipped)).statusCode()).isEqualTo(403);
            String later = s.replaceFirst("expires=(\\d+)", "expires=9$1");
            assertThat(get(URI.create(later)).statusCode()).isEqualTo(403);
            URI other = bucket.presignGet("b.txt", Duration.ofMinutes(1));
            String swapped = other.getScheme() + "://" + other.getRawAuthority() + other.getRawPath() + "?"
                    + uri.getRawQuery();
            bucket.put("b.txt", "secret");
            assertThat(get(URI.create(swapped)).statusCode()).isEqualTo(403);
            assertThat(get(URI.create(s.substring(0, s.indexOf('?')))).statusCode()).isEqualTo(403);
        }

        @Test
        @DisplayName("for a GET URL used to PUT, leaving the object as it was")
        void wrongMethod() throws Exception {
            assertThat(put(bucket.presignGet("a.txt", Duration.ofMinutes(1)), "overwritten").statusCode())
                    .isEqualTo(403);
            assertThat(get(bucket.presignPut("a.txt", Duration.ofMinutes(1))).statusCode()).isEqualTo(403);
            assertThat(bucket.getString("a.txt")).isEqualTo("the bytes");
        }

        @Test
        @DisplayName("for a URL of another cloud (each cloud signs with its own random key)")
        void otherCloud() throws Exception {
            try (Cloud other = Polycloud.open(PolycloudConfig.builder().provider("local").build())) {
                Bucket b = other.bucket("photos");
                b.create();
                URI foreign = b.presignGet("a.txt", Duration.ofMinutes(1));
                URI mine = bucket.presignGet("a.txt", Duration.ofMinutes(1));
                URI moved = URI.create(mine.getScheme() + "://" + mine.getRawAuthority() + foreign.getRawPath() + "?"
                        + foreign.getRawQuery());
                assertThat(get(moved).statusCode()).isEqualTo(403);
            }
        }
    }

    @Test
    @DisplayName("the server stops with the cloud")
    void stopsWithTheCloud() {
        URI uri = bucket.presignGet("a.txt", Duration.ofMinutes(1));
        cloud.close();
        assertThatThrownBy(() -> get(uri)).isInstanceOf(IOException.class);
    }
}

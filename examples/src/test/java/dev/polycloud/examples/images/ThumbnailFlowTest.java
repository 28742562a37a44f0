package dev.polycloud.examples.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.Cloud;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.function.Headers;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.test.PolycloudTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Runs the thumbnail flow on the local provider. As in the orders test, the functions open their own cloud, which
 * shares the test's named in-memory instance (buckets included).
 */
@PolycloudTest(config = "polycloud.local.instance=images-app-test")
@DisplayName("The thumbnail example flow")
class ThumbnailFlowTest {

    private Cloud cloud;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void shareTheInstanceWithTheFunctions() {
        System.setProperty("polycloud.local.instance", "images-app-test");
    }

    @AfterAll
    static void stopSharing() {
        System.clearProperty("polycloud.local.instance");
    }

    private ThumbnailFlow flow() {
        return new ThumbnailFlow(cloud, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("on the local provider, an upload through the gateway triggers the thumbnail function, whose"
            + " thumbnail is served and recorded")
    void demoOnLocal() throws Exception {
        ThumbnailFlow flow = flow();
        assertThat(flow.supported()).isTrue();
        assertThat(flow.provision().getHost()).isEqualTo("127.0.0.1");
        assertThat(cloud.functions().triggers("thumbnail")).singleElement()
                .satisfies(t -> assertThat(t.source().path()).isEqualTo("bucket/uploads"));
        BufferedImage thumbnail = flow.demo();
        assertThat(thumbnail.getWidth()).isEqualTo(128);
        assertThat(thumbnail.getHeight()).isEqualTo(72);
        BlobInfo stored = cloud.bucket("thumbnails").head(ThumbnailFlow.DEMO_IMAGE).orElseThrow();
        assertThat(stored.contentType()).contains("image/png");
        Item row = cloud.table("thumbnails").get(Key.of(ThumbnailFlow.DEMO_IMAGE)).orElseThrow();
        assertThat(row.getLong("width")).contains(128L);
        assertThat(row.getLong("bytes")).contains(stored.size());
        assertThat(row.getString("sourceEtag")).contains(cloud.bucket("uploads").head(ThumbnailFlow.DEMO_IMAGE)
                .orElseThrow().etag());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("-> 202").contains("-> 200 image/png")
                .contains("-> 404").contains("gateway 'images-api' serving at http://127.0.0.1:");
    }

    @Test
    @DisplayName("with in-process functions, the app hands the upload's event to the thumbnail handler itself")
    void inProcess() {
        ThumbnailFlow flow = flow();
        flow.provisionData();
        BufferedImage thumbnail = flow.demoInProcess();
        assertThat(thumbnail.getWidth()).isEqualTo(128);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("upload-image").contains("-> 202")
                .doesNotContain("gateway");
    }

    @Nested
    @DisplayName("the handlers")
    class Handlers {

        @Test
        @DisplayName("scale the longer side down to 128 pixels, keeping the aspect ratio, and never up")
        void scale() {
            assertThat(ThumbnailFunction.scale(new BufferedImage(300, 600, BufferedImage.TYPE_INT_RGB), 128))
                    .satisfies(i -> assertThat(new int[] {i.getWidth(), i.getHeight()}).containsExactly(64, 128));
            assertThat(ThumbnailFunction.scale(new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB), 128))
                    .satisfies(i -> assertThat(new int[] {i.getWidth(), i.getHeight()}).containsExactly(40, 20));
        }

        @Test
        @DisplayName("refuse a bad image name or an empty body with 400 before touching storage")
        void badRequests() {
            HttpResponse badName = new UploadImageFunction().handle(request("PUT", "../x", new byte[] {1}), null);
            assertThat(badName.status()).isEqualTo(400);
            HttpResponse empty = new UploadImageFunction().handle(request("PUT", "a.png", new byte[0]), null);
            assertThat(empty.status()).isEqualTo(400);
            HttpResponse badGet = new GetThumbnailFunction().handle(request("GET", "a b", new byte[0]), null);
            assertThat(badGet.status()).isEqualTo(404);
        }

        private HttpRequest request(String method, String name, byte[] body) {
            return new HttpRequest(method, "/images/" + name, Map.of("name", name), Map.of(),
                    Headers.of(Map.of()), body);
        }
    }
}

package dev.polycloud.examples.images;

import dev.polycloud.Cloud;
import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventFilter;
import dev.polycloud.blob.BlobInfo;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.function.Functions;
import dev.polycloud.function.Headers;
import dev.polycloud.function.TriggerSource;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.table.Item;
import dev.polycloud.table.Key;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.TableSchema;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The thumbnail flow, the seeds' signature event flow, built only on {@code polycloud-api}:
 * <pre>
 * PUT /images/{name} ──gateway──▶ upload-image ──▶ uploads bucket
 *                                                    └─(CREATED event)─▶ thumbnail ──▶ thumbnails bucket + table
 * GET /images/{name}/thumbnail ──gateway──▶ get-thumbnail ──▶ thumbnails bucket
 * </pre>
 * {@link #provision()} creates the buckets, table, functions, bucket trigger and the {@code images-api} gateway;
 * {@link #demo()} uploads a generated image through the gateway and waits for its thumbnail. With
 * {@link #demoInProcess()}, the handlers run in this JVM and the app hands the upload's event to the thumbnail
 * handler itself (for providers whose functions cannot run here).
 */
public final class ThumbnailFlow {

    /** The name of the image the demo uploads. */
    public static final String DEMO_IMAGE = "sunset.png";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Cloud cloud;
    private final PrintStream out;
    private URI base;

    /**
     * The flow on a cloud.
     *
     * @param cloud the application's cloud
     * @param out where the steps are printed
     */
    public ThumbnailFlow(Cloud cloud, PrintStream out) {
        this.cloud = cloud;
        this.out = out;
    }

    /**
     * Whether the provider, as configured, can run the flow through the API: object storage, and bucket events
     * that trigger functions. The application decides from the declared capabilities, not the provider's name.
     *
     * @return whether {@link #provision()} and {@link #demo()} can run
     */
    public boolean supported() {
        return storage() && cloud.functions().capabilities().supported()
                && cloud.functions().capabilities().bucketEvents();
    }

    /**
     * Whether the provider has object storage (enough for {@link #demoInProcess()}).
     *
     * @return whether buckets are supported
     */
    public boolean storage() {
        return cloud.bucket(Images.UPLOADS_BUCKET).capabilities().supported();
    }

    /**
     * The gateway's base URI, once {@link #provision()} has run.
     *
     * @return the base URI, or empty
     */
    public Optional<URI> base() {
        return Optional.ofNullable(base);
    }

    /** Creates the buckets and the table. */
    public void provisionData() {
        cloud.bucket(Images.UPLOADS_BUCKET).create();
        cloud.bucket(Images.THUMBNAILS_BUCKET).create();
        cloud.table(Images.THUMBNAILS_TABLE).createTable(TableSchema.of("name", KeyType.STRING));
        step("buckets '" + Images.UPLOADS_BUCKET + "' and '" + Images.THUMBNAILS_BUCKET + "', table '"
                + Images.THUMBNAILS_TABLE + "' ready");
    }

    /**
     * Creates the buckets, table, functions, the bucket trigger and the gateway.
     *
     * @return the gateway's base URI
     */
    public URI provision() {
        provisionData();
        Functions functions = cloud.functions();
        functions.deploy(FunctionSpec.builder("upload-image", UploadImageFunction.class).build());
        functions.deploy(FunctionSpec.builder("thumbnail", ThumbnailFunction.class).build());
        functions.deploy(FunctionSpec.builder("get-thumbnail", GetThumbnailFunction.class).build());
        functions.bind("thumbnail", TriggerSource.bucket(Images.UPLOADS_BUCKET, BlobEventFilter.created()), 10);
        step("functions upload-image, thumbnail, get-thumbnail deployed; thumbnail triggered by bucket/"
                + Images.UPLOADS_BUCKET + " CREATED events");
        base = cloud.gateway("images-api").deploy(GatewaySpec.builder()
                .route("PUT /images/{name}", "upload-image")
                .route("GET /images/{name}/thumbnail", "get-thumbnail")
                .build());
        step("gateway 'images-api' serving at " + base);
        return base;
    }

    /**
     * Uploads a generated 640x360 PNG through the gateway and polls until its thumbnail is served.
     *
     * @return the thumbnail as served
     * @throws Exception when a request fails or the thumbnail does not come
     */
    public BufferedImage demo() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        byte[] image = demoImage();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.resolve("/images/" + DEMO_IMAGE))
                .header("content-type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(),
                HttpResponse.BodyHandlers.ofString());
        step("PUT /images/" + DEMO_IMAGE + " (" + image.length + " bytes, 640x360) -> " + put.statusCode() + " "
                + put.body());
        if (put.statusCode() != 202) {
            throw new IllegalStateException("Upload failed: " + put.statusCode() + " " + put.body());
        }
        URI thumbnail = base.resolve("/images/" + DEMO_IMAGE + "/thumbnail");
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<byte[]> got;
        do {
            got = http.send(HttpRequest.newBuilder(thumbnail).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (got.statusCode() != 404) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        if (got.statusCode() != 200) {
            throw new IllegalStateException("No thumbnail within " + WAIT + ": " + got.statusCode());
        }
        BufferedImage decoded = decode(got.body());
        step("GET /images/" + DEMO_IMAGE + "/thumbnail -> " + got.statusCode() + " "
                + got.headers().firstValue("content-type").orElse("?") + " " + got.body().length + " bytes, "
                + decoded.getWidth() + "x" + decoded.getHeight());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
                base.resolve("/images/no-such.png/thumbnail")).build(), HttpResponse.BodyHandlers.ofString());
        step("GET /images/no-such.png/thumbnail -> " + missing.statusCode() + " " + missing.body());
        recorded();
        return decoded;
    }

    /**
     * The flow with the handlers called in this JVM: the upload handler stores the image, the app hands the
     * upload's CREATED event to the thumbnail handler, and the get handler serves the result.
     *
     * @return the thumbnail as served
     */
    public BufferedImage demoInProcess() {
        byte[] image = demoImage();
        dev.polycloud.function.HttpResponse put = new UploadImageFunction().handle(request("PUT",
                "/images/" + DEMO_IMAGE, image), context("upload-image"));
        step("upload-image " + DEMO_IMAGE + " -> " + put.status() + " " + put.bodyAsString());
        BlobInfo stored = cloud.bucket(Images.UPLOADS_BUCKET).head(DEMO_IMAGE).orElseThrow();
        new ThumbnailFunction().handle(new BlobEventBatch(Images.UPLOADS_BUCKET, List.of(BlobEvent.created(
                Images.UPLOADS_BUCKET, DEMO_IMAGE, stored.size(), stored.etag(), stored.lastModified()))),
                context("thumbnail"));
        dev.polycloud.function.HttpResponse got = new GetThumbnailFunction().handle(request("GET",
                "/images/" + DEMO_IMAGE + "/thumbnail", new byte[0]), context("get-thumbnail"));
        BufferedImage decoded = decode(got.body());
        step("get-thumbnail " + DEMO_IMAGE + " -> " + got.status() + " " + decoded.getWidth() + "x"
                + decoded.getHeight());
        recorded();
        return decoded;
    }

    /** Waits for the thumbnail's row: the function writes it just after the thumbnail itself. */
    private void recorded() {
        Optional<Item> row = cloud.table(Images.THUMBNAILS_TABLE).get(Key.of(DEMO_IMAGE));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (row.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            row = cloud.table(Images.THUMBNAILS_TABLE).get(Key.of(DEMO_IMAGE));
        }
        if (row.isEmpty()) {
            throw new IllegalStateException("The thumbnail was not recorded in table " + Images.THUMBNAILS_TABLE);
        }
        Item item = row.get();
        step("table '" + Images.THUMBNAILS_TABLE + "': " + DEMO_IMAGE + " " + item.getLong("width").orElse(0L) + "x"
                + item.getLong("height").orElse(0L) + ", " + item.getLong("bytes").orElse(0L) + " bytes, from upload "
                + item.getString("sourceEtag").orElse("?"));
        step("thumbnail demo done: uploaded, scaled by the bucket-triggered function, served and recorded");
    }

    /** A 640x360 PNG: a sky-to-sea gradient with a sun. */
    static byte[] demoImage() {
        BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, new Color(255, 140, 60), 0, 360, new Color(40, 60, 140)));
            g.fillRect(0, 0, 640, 360);
            g.setColor(new Color(255, 220, 120));
            g.fillOval(270, 120, 100, 100);
        } finally {
            g.dispose();
        }
        return ThumbnailFunction.png(img);
    }

    private static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalStateException("The thumbnail is not an image (" + png.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static dev.polycloud.function.HttpRequest request(String method, String path, byte[] body) {
        String name = DEMO_IMAGE;
        return new dev.polycloud.function.HttpRequest(method, path, Map.of("name", name), Map.of(),
                Headers.of(Map.of("content-type", "image/png")), body);
    }

    private static FunctionContext context(String function) {
        return dev.polycloud.examples.InProcessContext.named("images-app", function);
    }

    private void step(String text) {
        out.println("[images-app] " + text);
    }
}

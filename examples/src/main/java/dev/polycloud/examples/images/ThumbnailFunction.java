package dev.polycloud.examples.images;

import dev.polycloud.blob.BlobEvent;
import dev.polycloud.blob.BlobEventType;
import dev.polycloud.blob.PutOptions;
import dev.polycloud.function.BlobEventBatch;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.table.Item;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Triggered by the {@code uploads} bucket's CREATED events: scales each uploaded image with {@code javax.imageio} so
 * that its longer side is at most {@value Images#THUMBNAIL_SIZE} pixels, stores it as PNG in the {@code thumbnails}
 * bucket under the same name, and records it in the {@code thumbnails} table. Idempotent (an event delivered twice
 * rewrites the same thumbnail and row). An upload that is not a readable image is logged and skipped, not retried.
 */
public final class ThumbnailFunction implements FunctionHandler<BlobEventBatch, Void> {

    @Override
    public Void handle(BlobEventBatch batch, FunctionContext context) {
        for (BlobEvent event : batch.events()) {
            if (event.type() == BlobEventType.CREATED) {
                thumbnail(event, context);
            }
        }
        return null;
    }

    private static void thumbnail(BlobEvent event, FunctionContext context) {
        byte[] upload = Images.cloud().bucket(event.bucket()).getBytes(event.key());
        Optional<BufferedImage> image = read(upload);
        if (image.isEmpty()) {
            context.logger().warn("Upload {} is not an image javax.imageio can read; no thumbnail", event.key());
            return;
        }
        BufferedImage scaled = scale(image.get(), Images.THUMBNAIL_SIZE);
        byte[] png = png(scaled);
        Images.cloud().bucket(Images.THUMBNAILS_BUCKET).put(event.key(), png,
                PutOptions.builder().contentType("image/png").build());
        Images.cloud().table(Images.THUMBNAILS_TABLE).put(Item.builder()
                .put("name", event.key())
                .put("width", (long) scaled.getWidth())
                .put("height", (long) scaled.getHeight())
                .put("bytes", (long) png.length)
                .put("sourceBytes", event.size())
                .put("sourceEtag", event.etag().orElse(""))
                .build());
        context.logger().info("Thumbnail of {}: {}x{} -> {}x{}", event.key(), image.get().getWidth(),
                image.get().getHeight(), scaled.getWidth(), scaled.getHeight());
    }

    private static Optional<BufferedImage> read(byte[] bytes) {
        try {
            return Optional.ofNullable(ImageIO.read(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Scales so that the longer side is at most {@code max} pixels (never up), keeping the aspect ratio. */
    static BufferedImage scale(BufferedImage source, int max) {
        double factor = Math.min(1.0, (double) max / Math.max(source.getWidth(), source.getHeight()));
        int width = Math.max(1, (int) Math.round(source.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(source.getHeight() * factor));
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

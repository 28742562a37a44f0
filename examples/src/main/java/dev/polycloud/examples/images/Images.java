package dev.polycloud.examples.images;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import java.util.regex.Pattern;

/**
 * The resources of the thumbnail flow, opened once per function instance from the standard configuration (in the
 * local demo every cloud shares one in-memory instance, {@code polycloud.local.instance}, buckets included).
 */
final class Images {

    static final String UPLOADS_BUCKET = "uploads";
    static final String THUMBNAILS_BUCKET = "thumbnails";
    static final String THUMBNAILS_TABLE = "thumbnails";
    /** The longest side of a thumbnail, in pixels. */
    static final int THUMBNAIL_SIZE = 128;
    /** Image names: what the routes accept as {@code {name}}, also the object key in both buckets. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private Images() {
    }

    /** Opened on first use by a handler, then reused by every invocation of that function instance. */
    private static final class Holder {
        static final Cloud CLOUD = Polycloud.open();
    }

    static Cloud cloud() {
        return Holder.CLOUD;
    }
}

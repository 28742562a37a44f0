package dev.polycloud.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polycloud.table.Item;

/** Lets the driver's tests (package {@code dev.polycloud.aws}) check the adapter against the drivers. */
public final class AdapterAccess {

    private AdapterAccess() {
    }

    /**
     * The adapter's decoding of a stream image.
     *
     * @param image the image
     * @return the item
     */
    public static Item streamItem(JsonNode image) {
        return StreamEvents.item(image);
    }

    /**
     * The adapter's binary body marker.
     *
     * @return the marker
     */
    public static String binaryMarker() {
        return MessageEvents.BINARY_MARKER;
    }

    /**
     * The adapter's decoding of a message body.
     *
     * @param text the SQS or SNS body
     * @return the bytes
     */
    public static byte[] decodeBody(String text) {
        return MessageEvents.decodeBody(text);
    }
}

package dev.polycloud.blob;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param blobs the objects of the page, in key order (UTF-8 byte order)
 * @param prefixes the common prefixes ("folders") of the page when a delimiter was given, in order
 * @param cursor the opaque cursor of the next page, empty on the last page; it continues only the listing of
 *               the same bucket, prefix and delimiter
 */
public record BlobPage(List<BlobInfo> blobs, List<String> prefixes, Optional<String> cursor) {

    /**
     * Copies the lists.
     *
     * @param blobs see the record description
     * @param prefixes see the record description
     * @param cursor see the record description
     * @throws NullPointerException for a null component
     */
    public BlobPage {
        blobs = List.copyOf(blobs);
        prefixes = List.copyOf(prefixes);
        java.util.Objects.requireNonNull(cursor, "cursor");
    }
}

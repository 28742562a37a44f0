package dev.polycloud.blob;

/**
 * What happened to an object, as a bucket trigger reports it in a {@link BlobEvent}.
 */
public enum BlobEventType {
    /**
     * An object was written: a put (new or overwriting) or the target of a copy. S3 {@code ObjectCreated:*},
     * Event Grid {@code Microsoft.Storage.BlobCreated}, Cloud Storage {@code OBJECT_FINALIZE}.
     */
    CREATED,
    /**
     * An existing object was deleted (deleting a missing key is no event). S3 {@code ObjectRemoved:*}, Event Grid
     * {@code Microsoft.Storage.BlobDeleted}, Cloud Storage {@code OBJECT_DELETE}.
     */
    DELETED
}

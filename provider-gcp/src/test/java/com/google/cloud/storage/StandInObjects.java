package com.google.cloud.storage;

/**
 * Builds the client's {@link Notification} and {@link Bucket} objects, whose constructors are package-private,
 * for a test-side {@link Storage} that stands in for what {@code LocalStorageHelper} lacks (notifications, buckets).
 */
public final class StandInObjects {

    private StandInObjects() {
    }

    /**
     * A notification as the service would answer it.
     *
     * @param storage the client it belongs to
     * @param info what was created
     * @param id the id the service gives it
     * @return the notification
     */
    public static Notification notification(Storage storage, NotificationInfo info, String id) {
        NotificationInfo.BuilderImpl b = new NotificationInfo.BuilderImpl(info);
        b.setNotificationId(id);
        return new Notification(storage, b);
    }

    /**
     * A bucket as the service would answer it.
     *
     * @param storage the client it belongs to
     * @param name the bucket name
     * @return the bucket
     */
    public static Bucket bucket(Storage storage, String name) {
        return new Bucket(storage, new BucketInfo.BuilderImpl(name));
    }
}

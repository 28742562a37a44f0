package dev.polycloud.aws.internal;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The short backoff between retries of the unprocessed part of a batch (SQS and SNS entries that
 * failed on the server side, DynamoDB unprocessed items and keys). Retrying only that part is the
 * driver's job: the portable layer would resend the whole batch.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class Batches {

    /** How many times a batch's unprocessed remainder is attempted before giving up. */
    public static final int MAX_ATTEMPTS = 8;

    private Batches() {
    }

    /**
     * Sleeps before attempt {@code attempt + 1}: up to 50 ms doubling, capped at 2 s, with full jitter.
     *
     * @param attempt the attempt that just fell short (1-based)
     */
    public static void backoff(int attempt) {
        long cap = Math.min(2_000L, 50L << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(ErrorCode.DEADLINE_EXCEEDED, "Interrupted while retrying a batch",
                    AwsErrors.PROVIDER, null, e);
        }
    }
}

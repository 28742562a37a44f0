package dev.polycloud.local.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cheap identifiers for messages, receipts and table changes: a random 64-bit prefix drawn
 * once per JVM and a counter. Unique within the JVM (the counter) and, with overwhelming
 * likelihood, across JVMs (the prefix); not secret and not meant to be unguessable — the
 * in-memory provider has nothing to protect. {@code UUID.randomUUID()} draws from
 * {@code SecureRandom}, which costs more than the whole in-memory send it would label.
 * Thread-safe.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class Ids {

    private static final String PREFIX = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + "-";
    private static final AtomicLong NEXT = new AtomicLong();

    private Ids() {
    }

    /** A new identifier, unique in this JVM. */
    public static String next() {
        return PREFIX.concat(Long.toHexString(NEXT.incrementAndGet()));
    }
}

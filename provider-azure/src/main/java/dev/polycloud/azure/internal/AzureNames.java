package dev.polycloud.azure.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Portable names (3–63 lowercase letters, digits and single hyphens, starting with a letter, not
 * ending with a hyphen) to native Azure names.
 *
 * <ul>
 *   <li>Storage queues and Service Bus topics accept portable names as they are.</li>
 *   <li>Table Storage names are letters and digits only (case-insensitive, 3–63, and not
 *       {@code tables}): a name without hyphens is kept; another has its hyphens removed and
 *       {@code x} plus eight hex digits of its SHA-256 appended (the stem cut so that the whole
 *       is at most 63). No injective mapping exists (there are more portable names than table
 *       names of the same length), so the table's schema row records the portable name and
 *       creating a table whose native name is taken by another portable name fails.</li>
 *   <li>Service Bus subscription names hold at most 50 characters: longer names are cut to 41
 *       and given {@code -} plus eight hex digits of their SHA-256.</li>
 * </ul>
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AzureNames {

    private static final int TABLE_MAX = 63;
    private static final int SUBSCRIPTION_MAX = 50;

    private AzureNames() {
    }

    /**
     * The queue name.
     *
     * @param portable a valid portable name
     * @return the same name
     */
    static String queue(String portable) {
        return portable;
    }

    /**
     * The topic name.
     *
     * @param portable a valid portable name
     * @return the same name
     */
    public static String topic(String portable) {
        return portable;
    }

    /**
     * The Table Storage table name.
     *
     * @param portable a valid portable name
     * @return a valid table name
     */
    public static String table(String portable) {
        if (portable.indexOf('-') < 0 && !portable.equals("tables")) {
            return portable;
        }
        String stem = portable.replace("-", "");
        String suffix = "x" + hash8(portable);
        if (stem.length() + suffix.length() > TABLE_MAX) {
            stem = stem.substring(0, TABLE_MAX - suffix.length());
        }
        return stem + suffix;
    }

    /**
     * The Service Bus subscription name.
     *
     * @param portable a valid portable name
     * @return a valid subscription name of at most 50 characters
     */
    public static String subscription(String portable) {
        if (portable.length() <= SUBSCRIPTION_MAX) {
            return portable;
        }
        String stem = portable.substring(0, SUBSCRIPTION_MAX - 9);
        if (stem.endsWith("-")) {
            stem = stem.substring(0, stem.length() - 1) + "0";
        }
        return stem + "-" + hash8(portable);
    }

    /**
     * Eight hex digits of a string's SHA-256.
     *
     * @param s the string
     * @return the digits
     */
    public static String hash8(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

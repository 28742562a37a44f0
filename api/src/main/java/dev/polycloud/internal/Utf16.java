package dev.polycloud.internal;

import dev.polycloud.CloudException;

/**
 * The portable check that a string can round-trip through every store: no unpaired UTF-16
 * surrogate. Such a string has no UTF-8 form (Java writes {@code ?} for it), so a cloud either
 * refuses it, changes it, or stores something that does not read back; the portable layer refuses
 * it first with {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming where it was found.
 * Stateless and thread-safe.
 */
public final class Utf16 {

    private Utf16() {
    }

    /**
     * The index of the first unpaired surrogate.
     *
     * @param s the string
     * @return the index, or -1 when every surrogate is paired
     */
    public static int firstUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses a string with an unpaired surrogate.
     *
     * @param path where the string is, for the message (for example {@code "attribute 'tags'[2]"})
     * @param s the string
     * @return the string
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming the path and index
     */
    public static String check(String path, String s) {
        int at = firstUnpairedSurrogate(s);
        if (at >= 0) {
            throw CloudException.invalidArgument(path + " has an unpaired UTF-16 surrogate at index " + at
                    + " (U+" + Integer.toHexString(s.charAt(at)).toUpperCase(java.util.Locale.ROOT)
                    + "); it cannot be stored exactly on every cloud");
        }
        return s;
    }
}

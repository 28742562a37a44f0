package dev.polycloud.azure.tables;

import dev.polycloud.azure.internal.AzureCapabilities;

import dev.polycloud.table.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns portable key values into Table Storage {@code PartitionKey}/{@code RowKey} strings.
 *
 * <h2>String keys: reversible, order-preserving escaping</h2>
 * Table Storage forbids {@code / \ # ?} and the control characters U+0000–U+001F and
 * U+007F–U+009F in keys, and sorts keys by UTF-16 code units, while the portable order is by
 * UTF-8 bytes (that is, by code point). Each code point is written as itself, except those in a
 * few <em>escaped ranges</em>, which are written as two characters: the range's marker (a
 * permitted character that lies inside the range) and a digit giving the offset in the range:
 * <pre>
 *   U+0000–U+0023 (controls, space ! " #)  marker ' '     digits 0-9A-Z
 *   U+002E–U+002F (. /)                    marker '.'     digits 0 1
 *   U+003E–U+003F (&gt; ?)                    marker '&gt;'     digits 0 1
 *   U+005B–U+005C ([ \)                    marker '['     digits 0 1
 *   U+007E–U+009F (~ DEL, C1 controls)     marker '~'     digits 0-9A-X
 *   U+D7FF–U+FFFF (and lone surrogates)    marker U+D7FF  digits U+4E00 + offset
 * </pre>
 * A marker never stands for itself, so the code is prefix-free; every escaped code sorts exactly
 * where its character did, so the escaping preserves order (and begins-with is a range). The last
 * range fixes the one place where UTF-16 order differs from code-point order: characters
 * U+E000–U+FFFF would otherwise sort after supplementary characters (surrogate pairs).
 *
 * <h2>Long keys</h2>
 * {@code value ^ Long.MIN_VALUE} as 16 lowercase hex digits: fixed width, so string order is
 * numeric order, negatives included.
 *
 * <h2>Keys too long for Table Storage</h2>
 * Table Storage keys hold at most 512 UTF-16 code units (1 KiB). The escaping takes at most two
 * code units per UTF-8 byte, so the provider declares {@code maxKeyBytes} = 240
 * ({@link AzureCapabilities#MAX_KEY_BYTES}) and the portable layer refuses longer keys: every key
 * that reaches this codec is stored exactly. As a safety net only (never reached through the
 * portable API), an encoded key longer than {@value #MAX_EXACT} code units would be stored
 * as its first {@value #MAX_EXACT} (or 479, not to split a pair) code units followed by 32 hex
 * digits of its SHA-256. Such keys are exact for point operations; they sort correctly against
 * every key that differs within the first 480 code units; among themselves (same 480-unit prefix)
 * they sort by hash, and range conditions on them are completed by filtering on the client.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class KeyCodec {

    /** The longest encoded key stored as is; longer ones are truncated and hashed. */
    public static final int MAX_EXACT = 480;
    /** Table Storage's key limit, in UTF-16 code units. */
    static final int MAX_STORED = 512;
    private static final int HASH_CHARS = 32;

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final char HIGH_MARKER = '\uD7FF';
    private static final char HIGH_DIGIT_BASE = '\u4E00';

    /** Escaped ranges: first code point, last code point, marker. */
    private static final int[][] RANGES = {
        {0x00, 0x23, ' '},
        {0x2E, 0x2F, '.'},
        {0x3E, 0x3F, '>'},
        {0x5B, 0x5C, '['},
        {0x7E, 0x9F, '~'},
        {0xD7FF, 0xFFFF, HIGH_MARKER},
    };

    private KeyCodec() {
    }

    /**
     * Encodes a key value (STRING or LONG) without truncation.
     *
     * @param value the key value
     * @return the encoded form, possibly longer than Table Storage accepts
     */
    static String encodeFull(Value value) {
        if (value instanceof Value.LongValue l) {
            return encodeLong(l.value());
        }
        if (value instanceof Value.StringValue s) {
            return escape(s.value());
        }
        throw new IllegalArgumentException("Key values are STRING or LONG, not " + value.type());
    }

    /**
     * Encodes a key value as stored: {@link #encodeFull(Value)}, truncated and hashed when too long.
     *
     * @param value the key value
     * @return the stored key, at most {@value #MAX_STORED} code units
     */
    static String encode(Value value) {
        return truncate(encodeFull(value));
    }

    /**
     * Whether an encoded key is stored truncated (and so compares inexactly in ranges).
     *
     * @param encodedFull a result of {@link #encodeFull(Value)}
     * @return true if longer than {@value #MAX_EXACT}
     */
    static boolean lossy(String encodedFull) {
        return encodedFull.length() > MAX_EXACT;
    }

    /**
     * The stored form of an encoded key.
     *
     * @param encodedFull a result of {@link #encodeFull(Value)}
     * @return itself when short enough, else its prefix and hash
     */
    static String truncate(String encodedFull) {
        if (!lossy(encodedFull)) {
            return encodedFull;
        }
        return cutPoint(encodedFull) + sha256Hex(encodedFull).substring(0, HASH_CHARS);
    }

    /**
     * The prefix of a long encoded key that its stored form keeps (without the hash).
     *
     * @param encodedFull an encoded key longer than {@value #MAX_EXACT}
     * @return its first 480 or 479 code units
     */
    static String cutPoint(String encodedFull) {
        int cut = MAX_EXACT;
        char last = encodedFull.charAt(cut - 1);
        if (isMarker(last) || Character.isHighSurrogate(last)) {
            cut--;
        }
        return encodedFull.substring(0, cut);
    }

    /**
     * Encodes a long so that string order is numeric order.
     *
     * @param v the value
     * @return 16 lowercase hex digits
     */
    public static String encodeLong(long v) {
        String hex = Long.toHexString(v ^ Long.MIN_VALUE);
        return "0".repeat(16 - hex.length()) + hex;
    }

    /**
     * Decodes {@link #encodeLong(long)}.
     *
     * @param s 16 hex digits
     * @return the value
     */
    static long decodeLong(String s) {
        return Long.parseUnsignedLong(s, 16) ^ Long.MIN_VALUE;
    }

    /**
     * Escapes a string key.
     *
     * @param s the key
     * @return the escaped key
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp >= 0x10000) {
                out.append(s, i, i + n);
            } else {
                appendBmp(out, cp);
            }
            i += n;
        }
        return out.toString();
    }

    private static void appendBmp(StringBuilder out, int c) {
        for (int[] r : RANGES) {
            if (c >= r[0] && c <= r[1]) {
                out.append((char) r[2]);
                int offset = c - r[0];
                out.append(r[2] == HIGH_MARKER ? (char) (HIGH_DIGIT_BASE + offset) : DIGITS.charAt(offset));
                return;
            }
        }
        out.append((char) c);
    }

    /**
     * Reverses {@link #escape(String)}.
     *
     * @param s an escaped key
     * @return the original key
     * @throws IllegalArgumentException when {@code s} is not an escaped key
     */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int[] range = rangeOfMarker(c);
            if (range == null) {
                out.append(c);
                continue;
            }
            if (i + 1 >= s.length()) {
                throw new IllegalArgumentException("Escaped key ends with a marker");
            }
            char d = s.charAt(++i);
            int offset = range[2] == HIGH_MARKER ? d - HIGH_DIGIT_BASE : DIGITS.indexOf(d);
            if (offset < 0 || offset > range[1] - range[0]) {
                throw new IllegalArgumentException("Bad escape in key at index " + i);
            }
            out.append((char) (range[0] + offset));
        }
        return out.toString();
    }

    /**
     * The smallest string greater than every string starting with {@code prefix}, in UTF-16
     * order, or null when there is none (a prefix of only U+FFFF... code units).
     *
     * @param prefix an encoded prefix
     * @return the exclusive upper bound, or null
     */
    static String prefixUpperBound(String prefix) {
        StringBuilder b = new StringBuilder(prefix);
        while (b.length() > 0) {
            int last = b.length() - 1;
            char c = b.charAt(last);
            if (Character.isLowSurrogate(c) && last > 0 && Character.isHighSurrogate(b.charAt(last - 1))) {
                int cp = Character.toCodePoint(b.charAt(last - 1), c);
                b.setLength(last - 1);
                if (cp < Character.MAX_CODE_POINT) {
                    return b.appendCodePoint(cp + 1).toString();
                }
                continue;
            }
            b.setLength(last);
            if (c < '\uFFFF') {
                char next = (char) (c + 1);
                // No valid string lies between U+D7FF... and U+D800...: leave the range open above.
                return Character.isSurrogate(next) ? null : b.append(next).toString();
            }
        }
        return null;
    }

    private static boolean isMarker(char c) {
        return rangeOfMarker(c) != null;
    }

    private static int[] rangeOfMarker(char c) {
        for (int[] r : RANGES) {
            if (r[2] == c) {
                return r;
            }
        }
        return null;
    }

    private static String sha256Hex(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_16BE));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

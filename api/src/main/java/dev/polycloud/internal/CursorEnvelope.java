package dev.polycloud.internal;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The opaque, versioned cursor envelope of listings that are not tables (tables keep
 * {@code dev.polycloud.table.Cursors}, which follows the same form and rules): {@value #PREFIX} and URL-safe
 * base64 of {@code scope '\n' fingerprint '\n' position} plus 8 check bytes of its SHA-256. A cursor that is too
 * long, does not decode or fails its check is INVALID_ARGUMENT "malformed"; one made for another scope or
 * fingerprint is INVALID_ARGUMENT "belongs to another listing"; both before any network call. Stateless and
 * thread-safe.
 */
public final class CursorEnvelope {

    /** The version prefix of every cursor. */
    public static final String PREFIX = "pc1.";
    /** The longest cursor accepted, in characters. */
    public static final int MAX_CHARS = 8192;
    private static final int CHECK_BYTES = 8;

    private CursorEnvelope() {
    }

    /**
     * A short fingerprint of what a cursor continues.
     *
     * @param description a full description of the listing (for example prefix and delimiter)
     * @return the fingerprint
     */
    public static String fingerprint(String description) {
        return HexFormat.of().formatHex(Arrays.copyOf(sha256(description.getBytes(StandardCharsets.UTF_8)), 12));
    }

    /**
     * Wraps a driver's position.
     *
     * @param scope the resource the listing belongs to (for example {@code "bucket photos"})
     * @param fingerprint the fingerprint of the listing
     * @param position the driver's position
     * @return the opaque cursor
     * @throws CloudException INTERNAL when the cursor would exceed {@value #MAX_CHARS} characters
     */
    public static String wrap(String scope, String fingerprint, String position) {
        byte[] payload = (scope + "\n" + fingerprint + "\n" + position).getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(payload, payload.length + CHECK_BYTES);
        System.arraycopy(sha256(payload), 0, all, payload.length, CHECK_BYTES);
        String cursor = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
        if (cursor.length() > MAX_CHARS) {
            throw new CloudException(ErrorCode.INTERNAL, "The driver's position makes a cursor of " + cursor.length()
                    + " characters, over " + MAX_CHARS);
        }
        return cursor;
    }

    /**
     * Unwraps a cursor, checking its form and that it continues the given listing.
     *
     * @param cursor the cursor the caller passed
     * @param scope the resource being listed
     * @param fingerprint the fingerprint of the listing
     * @return the driver's position
     * @throws CloudException INVALID_ARGUMENT for a malformed or foreign cursor
     */
    public static String unwrap(String cursor, String scope, String fingerprint) {
        Opened opened = open(cursor);
        if (!opened.scope().equals(scope) || !opened.fingerprint().equals(fingerprint)) {
            throw CloudException.invalidArgument("The cursor belongs to another listing (another resource, prefix"
                    + " or delimiter)");
        }
        return opened.position();
    }

    /**
     * The parts of a cursor whose form and check bytes are right, not yet matched with a listing.
     *
     * @param scope the resource that returned it
     * @param fingerprint the fingerprint of what it continues
     * @param position the driver's position
     */
    public record Opened(String scope, String fingerprint, String position) {
    }

    /**
     * Checks the form of a cursor: length, prefix, canonical Base64 text (the unused low bits of the last
     * character must be zero, so a damaged last character is always caught) and check bytes.
     *
     * @param cursor the cursor the caller passed
     * @return its parts
     * @throws CloudException INVALID_ARGUMENT for a cursor that is too long or malformed
     */
    public static Opened open(String cursor) {
        if (cursor.length() > MAX_CHARS) {
            throw CloudException.invalidArgument("The cursor is " + cursor.length() + " characters, over the "
                    + MAX_CHARS + " a cursor of this SDK can have: pass back a cursor exactly as a page returned it");
        }
        if (!cursor.startsWith(PREFIX)) {
            throw malformed();
        }
        String encoded = cursor.substring(PREFIX.length());
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(all).equals(encoded)) {
            throw malformed();
        }
        if (all.length <= CHECK_BYTES) {
            throw malformed();
        }
        byte[] payload = Arrays.copyOf(all, all.length - CHECK_BYTES);
        byte[] check = Arrays.copyOfRange(all, all.length - CHECK_BYTES, all.length);
        if (!MessageDigest.isEqual(check, Arrays.copyOf(sha256(payload), CHECK_BYTES))) {
            throw malformed();
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        int first = text.indexOf('\n');
        int second = first < 0 ? -1 : text.indexOf('\n', first + 1);
        if (second < 0) {
            throw malformed();
        }
        return new Opened(text.substring(0, first), text.substring(first + 1, second), text.substring(second + 1));
    }

    private static CloudException malformed() {
        return CloudException.invalidArgument("Malformed cursor: pass back a cursor exactly as a page returned it");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

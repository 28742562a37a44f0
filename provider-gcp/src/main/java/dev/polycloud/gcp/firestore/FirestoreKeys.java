package dev.polycloud.gcp.firestore;

import dev.polycloud.CloudException;
import dev.polycloud.table.KeyType;
import dev.polycloud.table.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * Document ids derived from key values, and the positions of queries and scans (which the portable
 * layer wraps in its cursor envelope, so only positions of the same table and query come back).
 *
 * <p>A key value becomes a document id by a type letter and the value: {@code s} + the string with
 * {@code %}, {@code /} and unpaired surrogates percent-escaped ({@code %25}, {@code %2F},
 * {@code %uXXXX}), or {@code n} + the decimal long. The type letter keeps ids off Firestore's
 * reserved forms ({@code .}, {@code ..}, {@code __.*__}), and the escaping is reversible
 * ({@link #keyOf}). Firestore ids are at most 1,500 bytes; a longer one (a string key near the
 * portable 1,024-byte maximum full of escaped characters) becomes {@code h} + the base64url SHA-256
 * of the escaped form. Items store their key attributes as fields anyway, so nothing depends on
 * reading keys back from ids.
 */
final class FirestoreKeys {

    /** Firestore's longest document id, in UTF-8 bytes. */
    static final int MAX_ID_BYTES = 1500;


    private FirestoreKeys() {
    }

    /**
     * The document id of a key value.
     *
     * @param value a STRING or LONG value
     * @return the id
     */
    static String docId(Value value) {
        String id;
        if (value instanceof Value.LongValue l) {
            id = "n" + l.value();
        } else {
            id = "s" + escape(value.asString());
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            return "h" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(id));
        }
        return id;
    }

    /**
     * The key value of a document id, where the id is not a hash.
     *
     * @param id the document id
     * @return the value, or empty for a hashed id
     */
    static Optional<Value> keyOf(String id) {
        if (id.startsWith("n")) {
            return Optional.of(Value.of(Long.parseLong(id.substring(1))));
        }
        if (id.startsWith("s")) {
            return Optional.of(Value.of(unescape(id.substring(1))));
        }
        return Optional.empty();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                sb.append("%25");
            } else if (c == '/') {
                sb.append("%2F");
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append(String.format("%%u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && s.startsWith("%25", i)) {
                sb.append('%');
                i += 2;
            } else if (c == '%' && s.startsWith("%2F", i)) {
                sb.append('/');
                i += 2;
            } else if (c == '%' && s.startsWith("%u", i) && i + 6 <= s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ---------------------------------------------------------------- cursors

    /**
     * The cursor after a sort key value.
     *
     * @param sortValue the last sort key of a page
     * @return the opaque cursor
     */
    static String queryCursor(Value sortValue) {
        String body = sortValue instanceof Value.LongValue l ? "n" + l.value() : "s" + sortValue.asString();
        return body;
    }

    /**
     * The sort key value a query cursor resumes after.
     *
     * @param cursor the cursor
     * @param type the table's sort key type
     * @return a Long or String for Firestore's startAfter
     * @throws CloudException INVALID_ARGUMENT for a cursor that is not a query cursor of such a table
     */
    static Object queryPosition(String cursor, KeyType type) {
        String body = cursor;
        try {
            if (type == KeyType.LONG && body.startsWith("n")) {
                return Long.parseLong(body.substring(1));
            }
            if (type == KeyType.STRING && body.startsWith("s")) {
                return body.substring(1);
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw badCursor();
    }

    /**
     * The cursor after a document.
     *
     * @param path the document's path relative to the database root
     * @return the opaque cursor
     */
    static String scanCursor(String path) {
        return path;
    }

    /**
     * The document path a scan cursor resumes after.
     *
     * @param cursor the cursor
     * @param collection the collection (or collection group) id the path must be in
     * @return the path relative to the database root
     */
    static String scanPosition(String cursor, String collection) {
        String path = cursor;
        String[] segments = path.split("/", -1);
        if (segments.length < 2 || segments.length % 2 != 0 || !segments[segments.length - 2].equals(collection)) {
            throw badCursor();
        }
        return path;
    }

    private static CloudException badCursor() {
        return CloudException.invalidArgument("The cursor was not returned by this table's query or scan");
    }
}

package dev.polycloud.table;

import dev.polycloud.CloudException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The one cursor format of every provider: an opaque, versioned envelope made and checked here,
 * in the portable layer, around the driver's own position.
 *
 * <p>Form: {@value #PREFIX} followed by URL-safe base64 (no padding) of
 * {@code table '\n' fingerprint '\n' position} and then 8 bytes of the SHA-256 of those bytes. The
 * fingerprint is a hash of what the cursor continues: the table's key schema, and scan, or query with
 * its partition value, sort-key condition and order (not its limit: pages may change size). A
 * cursor that is too long, does not decode, or whose check bytes do not match is
 * {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} ("malformed"); one from another table or another
 * query is INVALID_ARGUMENT "the cursor belongs to another query". Both before any network call, so
 * a driver only ever sees a position it produced itself for the same table, schema and query.
 * Stateless and thread-safe.
 */
final class Cursors {

    /** The version prefix of every cursor. */
    static final String PREFIX = "pc1.";
    /** The longest cursor accepted, in characters. */
    static final int MAX_CHARS = 8192;
    private static final int CHECK_BYTES = 8;

    private Cursors() {
    }

    /** What a cursor is bound to: the table and a fingerprint of the query or scan. */
    record Binding(String table, String fingerprint) {
    }

    static Binding scan(String table, TableSchema schema) {
        return new Binding(table, fingerprint(schema + "|scan"));
    }

    static Binding query(String table, TableSchema schema, Query query) {
        StringBuilder sb = new StringBuilder().append(schema).append("|query|").append(describe(query.partition()))
                .append('|').append(query.descending() ? "desc" : "asc");
        query.sortKey().ifPresent(c -> {
            sb.append('|').append(c.operator()).append('|').append(describe(c.value()));
            c.upper().ifPresent(u -> sb.append('|').append(describe(u)));
        });
        return new Binding(table, fingerprint(sb.toString()));
    }

    private static String describe(Value v) {
        return v.type() + ":" + v.toJava();
    }

    /**
     * Wraps a driver's position.
     *
     * @param binding what the cursor continues
     * @param position the driver's position
     * @return the opaque cursor
     */
    static String wrap(Binding binding, String position) {
        byte[] payload = (binding.table() + "\n" + binding.fingerprint() + "\n" + position)
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(payload, payload.length + CHECK_BYTES);
        System.arraycopy(sha256(payload), 0, all, payload.length, CHECK_BYTES);
        String cursor = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
        if (cursor.length() > MAX_CHARS) {
            throw new CloudException(dev.polycloud.ErrorCode.INTERNAL, "The driver's position makes a cursor of "
                    + cursor.length() + " characters, over " + MAX_CHARS);
        }
        return cursor;
    }

    /**
     * A cursor whose form and check bytes are right, not yet matched with a query.
     *
     * @param table the table that returned it
     * @param fingerprint the fingerprint of what it continues
     * @param position the driver's position
     */
    record Parsed(String table, String fingerprint, String position) {

        /**
         * The driver's position, if this cursor continues what the binding describes.
         *
         * @param binding what the cursor must continue
         * @return the driver's position
         * @throws CloudException INVALID_ARGUMENT "the cursor belongs to another query"
         */
        String positionFor(Binding binding) {
            if (!table.equals(binding.table())) {
                throw CloudException.invalidArgument("The cursor belongs to another query (it was returned by table '"
                        + table + "', not '" + binding.table() + "')");
            }
            if (!fingerprint.equals(binding.fingerprint())) {
                throw CloudException.invalidArgument("The cursor belongs to another query (of table '" + table
                        + "' with another partition, sort-key condition or order, or a scan versus a query, or the"
                        + " table was recreated with another key schema)");
            }
            return position;
        }
    }

    /**
     * Checks the form of a cursor (no schema needed).
     *
     * @param cursor the cursor the caller passed
     * @return its parts
     * @throws CloudException INVALID_ARGUMENT for a cursor that is too long or malformed
     */
    static Parsed parse(String cursor) {
        if (cursor.length() > MAX_CHARS) {
            throw CloudException.invalidArgument("The cursor is " + cursor.length() + " characters, over the "
                    + MAX_CHARS + " a cursor of this SDK can have: pass back a cursor exactly as a page returned it");
        }
        if (!cursor.startsWith(PREFIX)) {
            throw malformed();
        }
        byte[] all;
        String encoded = cursor.substring(PREFIX.length());
        try {
            all = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        // Base64 ignores the unused low bits of the last character, so two texts can decode alike; only the
        // canonical text this SDK wrote is a cursor.
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
        return new Parsed(text.substring(0, first), text.substring(first + 1, second), text.substring(second + 1));
    }

    private static CloudException malformed() {
        return CloudException.invalidArgument("Malformed cursor: pass back a cursor exactly as a page of this table"
                + " returned it");
    }

    private static String fingerprint(String text) {
        return java.util.HexFormat.of().formatHex(Arrays.copyOf(sha256(text.getBytes(StandardCharsets.UTF_8)), 12));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

package dev.polycloud.table;

import dev.polycloud.CloudException;
import dev.polycloud.internal.CursorEnvelope;

/**
 * Table cursors: the one cursor envelope of the SDK ({@link CursorEnvelope}, shared with bucket listings),
 * made and checked here, in the portable layer, around the driver's own position.
 *
 * <p>Form: {@code pc1.} followed by URL-safe base64 (no padding) of
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
        return CursorEnvelope.wrap(binding.table(), binding.fingerprint(), position);
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
        CursorEnvelope.Opened opened = CursorEnvelope.open(cursor);
        return new Parsed(opened.scope(), opened.fingerprint(), opened.position());
    }

    private static String fingerprint(String text) {
        return CursorEnvelope.fingerprint(text);
    }
}

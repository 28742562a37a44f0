package dev.polycloud.table;

import dev.polycloud.CloudException;
import java.util.Optional;

/**
 * A scan of every item of a table, in no particular order, one page at a time.
 *
 * @param limit the most items in the page, or empty for the provider's page size
 * @param cursor where to resume, or empty to start
 */
public record Scan(Optional<Integer> limit, Optional<String> cursor) {

    /**
     * Checks the components.
     *
     * @param limit see the record description
     * @param cursor see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a limit under 1
     */
    public Scan {
        limit = limit == null ? Optional.empty() : limit;
        cursor = cursor == null ? Optional.empty() : cursor;
        if (limit.isPresent() && limit.get() < 1) {
            throw CloudException.invalidArgument("Scan limit must be at least 1 (found " + limit.get() + ")");
        }
    }

    /**
     * The first page with the provider's page size.
     *
     * @return the scan
     */
    public static Scan all() {
        return new Scan(Optional.empty(), Optional.empty());
    }

    /**
     * The first page of at most {@code n} items.
     *
     * @param n at least 1
     * @return the scan
     */
    public static Scan limit(int n) {
        return new Scan(Optional.of(n), Optional.empty());
    }

    /**
     * The same scan resuming at a cursor.
     *
     * @param next the cursor of the previous page
     * @return the new scan
     */
    public Scan withCursor(String next) {
        return new Scan(limit, Optional.of(next));
    }
}

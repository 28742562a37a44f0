package dev.polycloud.table;

import dev.polycloud.CloudException;

/**
 * What a provider's tables support and their limits. The portable layer enforces every limit
 * before any network call ({@link dev.polycloud.ErrorCode#INVALID_ARGUMENT}).
 *
 * @param maxItemBytes the largest item, as computed by {@link ItemSize}
 * @param maxBatchGet the most keys the driver reads in one call (larger batches are split)
 * @param maxBatchWrite the most writes the driver makes in one call (larger batches are split)
 * @param maxPageSize the most items one query or scan page returns
 * @param tableTransactions whether multi-item transactions are supported (no portable API uses it yet)
 * @param maxKeyBytes the longest string key value (partition or sort), in UTF-8 bytes, that the
 *                    provider stores exactly and in order; at most {@link TableSchema#MAX_KEY_BYTES}
 */
public record TableCapabilities(int maxItemBytes, int maxBatchGet, int maxBatchWrite, int maxPageSize,
                                boolean tableTransactions, int maxKeyBytes) {

    /**
     * Checks the components.
     *
     * @param maxItemBytes see the record description
     * @param maxBatchGet see the record description
     * @param maxBatchWrite see the record description
     * @param maxPageSize see the record description
     * @param tableTransactions see the record description
     * @param maxKeyBytes see the record description
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} for a key limit outside
     *                        1 to {@link TableSchema#MAX_KEY_BYTES} (a provider bug)
     */
    public TableCapabilities {
        if (maxKeyBytes < 1 || maxKeyBytes > TableSchema.MAX_KEY_BYTES) {
            throw CloudException.invalidArgument("maxKeyBytes must be 1 to " + TableSchema.MAX_KEY_BYTES
                    + " (found " + maxKeyBytes + ")");
        }
    }

    /**
     * Capabilities with the portable key limit, {@link TableSchema#MAX_KEY_BYTES}.
     *
     * @param maxItemBytes see the record description
     * @param maxBatchGet see the record description
     * @param maxBatchWrite see the record description
     * @param maxPageSize see the record description
     * @param tableTransactions see the record description
     */
    public TableCapabilities(int maxItemBytes, int maxBatchGet, int maxBatchWrite, int maxPageSize,
                             boolean tableTransactions) {
        this(maxItemBytes, maxBatchGet, maxBatchWrite, maxPageSize, tableTransactions, TableSchema.MAX_KEY_BYTES);
    }
}

package dev.polycloud.table;

/**
 * What a provider's tables support and their limits.
 *
 * @param maxItemBytes the largest item, as computed by {@link ItemSize}
 * @param maxBatchGet the most keys the driver reads in one call (larger batches are split)
 * @param maxBatchWrite the most writes the driver makes in one call (larger batches are split)
 * @param maxPageSize the most items one query or scan page returns
 * @param tableTransactions whether multi-item transactions are supported (no portable API uses it yet)
 */
public record TableCapabilities(int maxItemBytes, int maxBatchGet, int maxBatchWrite, int maxPageSize,
                                boolean tableTransactions) {
}

package io.stratumpool.pool.accounting;

import io.stratumpool.pool.block.BlockRecord;
import java.util.Map;

/**
 * How a confirmed block's reward is shared out. Implementations are pure: the accounting supplies
 * the shares (newest first, starting at the block's own share) and stores the result.
 */
public interface PayoutScheme {
    /** Satoshis per user for a confirmed block; what is not assigned stays with the pool (fee, dust). */
    Map<String, Long> splitBlock(BlockRecord block, Iterable<ShareWeight> sharesNewestFirst);

    /** True when the coinbase itself paid the users (SOLO): credits are recorded as already paid. */
    default boolean paidInCoinbase() {
        return false;
    }

    /** The share difficulty that can still affect a future payout, counted back from the newest share. */
    default double windowDifficulty(double networkDifficulty) {
        return 0;
    }
}

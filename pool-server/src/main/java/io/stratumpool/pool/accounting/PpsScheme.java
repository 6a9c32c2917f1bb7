package io.stratumpool.pool.accounting;

import io.stratumpool.pool.block.BlockRecord;
import java.util.Map;

/**
 * Pay per share: each share is worth difficulty / network difficulty × block subsidy × (1 − fee),
 * in fractional satoshis, whatever the pool's luck; the pool keeps the block rewards. Credits
 * are made as shares are settled (see {@link Accounting#settlePps}), not per block.
 */
public final class PpsScheme implements PayoutScheme {
    private final double fee;

    public PpsScheme(double fee) {
        this.fee = fee;
    }

    /** The expected value of one share, in satoshis (not rounded). */
    public double shareValue(double difficulty, double networkDifficulty, long height) {
        return difficulty / networkDifficulty * Money.subsidy(height) * (1 - fee);
    }

    @Override
    public Map<String, Long> splitBlock(BlockRecord block, Iterable<ShareWeight> sharesNewestFirst) {
        return Map.of();
    }
}

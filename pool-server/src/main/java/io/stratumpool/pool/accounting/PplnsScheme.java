package io.stratumpool.pool.accounting;

import io.stratumpool.pool.block.BlockRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pay per last N shares: N = factor × the network difficulty at the block, in share difficulty,
 * counted back from the block's own share. The share that crosses the boundary counts only for
 * the part inside the window. The reward less the fee is split in proportion to counted
 * difficulty, each amount rounded down; the pool keeps the fee and the rounding dust.
 */
public final class PplnsScheme implements PayoutScheme {
    private final double factor;
    private final double fee;

    public PplnsScheme(double factor, double fee) {
        this.factor = factor;
        this.fee = fee;
    }

    @Override
    public double windowDifficulty(double networkDifficulty) {
        return factor * networkDifficulty;
    }

    @Override
    public Map<String, Long> splitBlock(BlockRecord block, Iterable<ShareWeight> sharesNewestFirst) {
        Map<String, Double> weights = weights(windowDifficulty(block.networkDifficulty()), sharesNewestFirst);
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        long distributable = block.reward() - Money.feeOf(block.reward(), fee);
        Map<String, Long> credits = new LinkedHashMap<>();
        weights.forEach((user, w) -> credits.put(user, Money.proportion(distributable, w, total)));
        return credits;
    }

    /** Counted difficulty per user within the window. */
    static Map<String, Double> weights(double window, Iterable<ShareWeight> sharesNewestFirst) {
        Map<String, Double> weights = new LinkedHashMap<>();
        double remaining = window;
        for (ShareWeight s : sharesNewestFirst) {
            if (remaining <= 0) {
                break;
            }
            double counted = Math.min(s.difficulty(), remaining);
            weights.merge(s.user(), counted, Double::sum);
            remaining -= counted;
        }
        return weights;
    }
}

package io.stratumpool.pool.accounting;

import io.stratumpool.pool.block.BlockRecord;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Solo mining: the coinbase pays the finder's address, so the user name must be an address
 * (checked by the injected validator, e.g. the address decoder). The finder's amount is the
 * reward less the pool fee, which the coinbase pays to the pool in a separate output.
 */
public final class SoloScheme implements PayoutScheme {
    private final double fee;
    private final Predicate<String> isAddress;

    public SoloScheme(double fee, Predicate<String> isAddress) {
        this.fee = fee;
        this.isAddress = isAddress;
    }

    /** Whether a miner may authorize with this user name in solo mode. */
    public boolean acceptsUser(String user) {
        return isAddress.test(user);
    }

    /** What the coinbase pays the finder. */
    public long finderAmount(long reward) {
        return reward - Money.feeOf(reward, fee);
    }

    @Override
    public Map<String, Long> splitBlock(BlockRecord block, Iterable<ShareWeight> sharesNewestFirst) {
        return Map.of(block.user(), finderAmount(block.reward()));
    }

    @Override
    public boolean paidInCoinbase() {
        return true;
    }
}

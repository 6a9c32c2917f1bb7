package io.stratumpool.pool.job;

import io.stratumpool.validator.CoinbaseOutput;
import io.stratumpool.validator.address.Address;
import io.stratumpool.validator.address.Network;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Solo mining: each user is a Bitcoin address and its jobs' coinbase pays that address, less the
 * pool fee, which goes to the pool's own script (left to the finder when it would be dust).
 */
public final class SoloRouting implements PayoutRouting {
    private static final long DUST = 546;

    private final Network network;
    private final byte[] poolScript;
    private final LongUnaryOperator finderAmount;

    public SoloRouting(Network network, byte[] poolScript, LongUnaryOperator finderAmount) {
        this.network = network;
        this.poolScript = poolScript.clone();
        this.finderAmount = finderAmount;
    }

    @Override
    public String payoutKey(String user) {
        return user;
    }

    @Override
    public List<CoinbaseOutput> outputs(String payoutKey, long coinbaseValue) {
        if (payoutKey == null) {
            return List.of(new CoinbaseOutput(coinbaseValue, poolScript)); // the proposal check's job
        }
        byte[] finder = Address.parse(payoutKey, network).outputScript();
        long toFinder = finderAmount.applyAsLong(coinbaseValue);
        long fee = coinbaseValue - toFinder;
        if (fee < DUST) {
            return List.of(new CoinbaseOutput(coinbaseValue, finder));
        }
        return List.of(new CoinbaseOutput(toFinder, finder), new CoinbaseOutput(fee, poolScript));
    }
}

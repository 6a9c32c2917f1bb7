package io.stratumpool.pool.job;

import io.stratumpool.validator.CoinbaseOutput;
import java.util.List;

/**
 * Who a job's coinbase pays. In pool modes (PPLNS, PPS) every miner gets the same job paying the
 * pool ({@code payoutKey} null); in solo mode each user's jobs pay that user's address.
 */
public interface PayoutRouting {
    /** The key a user's jobs are built for: null for the pool's shared job. */
    String payoutKey(String user);

    /**
     * The key for a user on a port whose firmware takes coinbases of at most {@code coinbaseMaxBytes}
     * (0: no limit of its own). Only coinbase payouts make jobs differ by budget.
     */
    default String payoutKey(String user, int coinbaseMaxBytes) {
        return payoutKey(user);
    }

    /** The coinbase outputs for a key and a coinbase value; they must sum to the value exactly. */
    List<CoinbaseOutput> outputs(String payoutKey, long coinbaseValue);

    /**
     * The coinbase plan for a key and a coinbase value, given the coinbase's size without payouts;
     * by default the fixed {@link #outputs}, splitting nothing.
     */
    default CoinbasePlan plan(String payoutKey, long coinbaseValue, int fixedBytes) {
        return CoinbasePlan.of(outputs(payoutKey, coinbaseValue));
    }

    /** Every miner gets the pool's job paying one script. */
    static PayoutRouting pool(byte[] poolScript) {
        byte[] script = poolScript.clone();
        return new PayoutRouting() {
            @Override
            public String payoutKey(String user) {
                return null;
            }

            @Override
            public List<CoinbaseOutput> outputs(String payoutKey, long coinbaseValue) {
                return List.of(new CoinbaseOutput(coinbaseValue, script));
            }
        };
    }
}

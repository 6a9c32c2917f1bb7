package io.stratumpool.pool.job;

import io.stratumpool.validator.CoinbaseOutput;
import java.util.List;
import java.util.Objects;

/**
 * Non-custodial PPLNS: every job's coinbase pays the window's addresses their part of the reward
 * directly (see {@link CoinbaseSplit}). All miners share the pool's job, except on ports with a
 * smaller coinbase byte budget (firmware limits): those share one job per budget.
 */
public final class CoinbasePayoutRouting implements PayoutRouting {
    private static final String BUDGET_KEY = "coinbase<=";

    private final CoinbaseSplit split;
    private final int defaultMaxBytes;
    private volatile PayoutWindow window = PayoutWindow.EMPTY;

    public CoinbasePayoutRouting(CoinbaseSplit split, int defaultMaxBytes) {
        this.split = split;
        this.defaultMaxBytes = defaultMaxBytes;
    }

    /** The window new jobs split the reward over, from now on (jobs already sent keep theirs). */
    public void window(PayoutWindow newWindow) {
        this.window = Objects.requireNonNull(newWindow);
    }

    public PayoutWindow window() {
        return window;
    }

    @Override
    public String payoutKey(String user) {
        return null;
    }

    @Override
    public String payoutKey(String user, int coinbaseMaxBytes) {
        return coinbaseMaxBytes <= 0 || coinbaseMaxBytes >= defaultMaxBytes ? null : BUDGET_KEY + coinbaseMaxBytes;
    }

    @Override
    public List<CoinbaseOutput> outputs(String payoutKey, long coinbaseValue) {
        throw new UnsupportedOperationException("the coinbase split needs the coinbase's size: use plan()");
    }

    @Override
    public CoinbasePlan plan(String payoutKey, long coinbaseValue, int fixedBytes) {
        int maxBytes = payoutKey == null ? defaultMaxBytes : Integer.parseInt(payoutKey.substring(BUDGET_KEY.length()));
        return split.plan(coinbaseValue, window, fixedBytes, maxBytes);
    }
}

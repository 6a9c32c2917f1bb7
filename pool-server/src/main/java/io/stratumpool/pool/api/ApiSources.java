package io.stratumpool.pool.api;

import io.stratumpool.pool.accounting.AccountQueries;
import io.stratumpool.pool.accounting.HashrateTracker;
import io.stratumpool.pool.accounting.PayoutConfig;
import io.stratumpool.pool.block.BlockRepository;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Everything the API reads. {@code databaseReachable} and the queries may block (they run on the
 * API's executor); {@code hasWork} says whether the process can do its work (a current job; for the
 * accounting role, a running consumer);
 * {@code metrics} renders the Prometheus text; {@code clock} says "now" for histories.
 */
public record ApiSources(
        HashrateTracker hashrate,
        AccountQueries accounts,
        BlockRepository blocks,
        LiveStats live,
        PayoutConfig payout,
        BooleanSupplier databaseReachable,
        BooleanSupplier hasWork,
        Supplier<String> metrics,
        Clock clock) {

    /**
     * A role without the pool's database (a cluster's Stratum node): {@code /health}, {@code /ready} and
     * {@code /metrics} only; the JSON API is served by the accounting role.
     */
    public static ApiSources operationsOnly(BooleanSupplier hasWork, Supplier<String> metrics, Clock clock) {
        return new ApiSources(null, null, null, LiveStats.NONE, null, () -> true, hasWork, metrics, clock);
    }

    /** True when this process serves only {@code /health}, {@code /ready} and {@code /metrics}. */
    public boolean isOperationsOnly() {
        return accounts == null;
    }
}

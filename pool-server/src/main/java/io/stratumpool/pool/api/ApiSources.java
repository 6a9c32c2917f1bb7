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
 * API's executor); {@code hasWork} says whether the template source has a current job;
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
}

package io.stratumpool.pool.ledger;

/**
 * Counters of a {@link JdbcShareLedger} since it started, for metrics and tests. {@code queued} is
 * the number of shares waiting now; {@code up} is false while the store is failing.
 */
public record LedgerStats(
        long transactions,
        long sharesCommitted,
        long failedAttempts,
        long timedOut,
        long rejectedFull,
        int queued,
        boolean up) {
}

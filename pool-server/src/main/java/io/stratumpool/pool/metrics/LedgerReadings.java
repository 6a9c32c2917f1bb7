package io.stratumpool.pool.metrics;

/** One reading of the share ledger's state and running totals, in plain numbers. */
public record LedgerReadings(
        int queued,
        boolean up,
        long sharesCommitted,
        long transactions,
        long failedAttempts,
        long timedOut,
        long rejectedFull) {
}

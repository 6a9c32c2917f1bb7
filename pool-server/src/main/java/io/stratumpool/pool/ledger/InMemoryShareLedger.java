package io.stratumpool.pool.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A ledger that keeps shares in memory and acknowledges at once: for tests and benchmarks that
 * are about the Stratum side. Not durable; never the default of a running pool.
 */
public final class InMemoryShareLedger implements ShareLedger {
    private final List<ShareRecord> shares = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Void> append(ShareRecord share) {
        shares.add(share);
        return CompletableFuture.completedFuture(null);
    }

    public synchronized List<ShareRecord> shares() {
        return List.copyOf(shares);
    }

    public synchronized int size() {
        return shares.size();
    }

    @Override
    public void close() {
    }
}

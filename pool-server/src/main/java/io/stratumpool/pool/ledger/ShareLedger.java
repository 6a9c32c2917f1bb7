package io.stratumpool.pool.ledger;

import java.util.concurrent.CompletableFuture;

/**
 * The durable record of accepted shares. {@link #append} never blocks: it queues the share and the
 * future completes once the share is committed, or exceptionally when it could not be stored (queue
 * full, store down past the timeout). A share is acknowledged to the miner only after its future
 * completed normally.
 */
public interface ShareLedger extends AutoCloseable {
    CompletableFuture<Void> append(ShareRecord share);

    /** Commits what is queued and stops; waits at most for the configured timeout. */
    @Override
    void close();
}

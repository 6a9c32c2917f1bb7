package io.stratumpool.pool.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Appends flow for a few seconds while {@code outage} takes the store away and brings it back;
 * then every share answered "stored" must be in the table exactly once, every other one must
 * have failed (and not be there), and a fresh append must succeed within a bounded time.
 */
final class StoreOutage {
    /** The store being taken away and brought back; blocks until the store is back. */
    interface Outage {
        void run() throws Exception;
    }

    private StoreOutage() {
    }

    static void run(ShareLedgerContract suite, Outage outage) throws Exception {
        List<ShareRecord> shares = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (JdbcShareLedger ledger = suite.ledger(2, 20_000, 500, 1_000)) {
            Thread producer = new Thread(() -> produce(ledger, shares, futures));
            producer.start();
            Thread.sleep(700);
            outage.run();
            producer.join();
            long end = System.nanoTime() + 30_000_000_000L;
            while (ShareLedgerContract.outcome(ledger.append(ShareLedgerContract.share())) != null) {
                assertTrue(System.nanoTime() < end, "appends did not resume within 30 s");
            }
            check(suite, shares, futures);
        }
    }

    /** About 300 shares/s for a little longer than the outage lasts. */
    private static void produce(ShareLedger ledger, List<ShareRecord> shares, List<CompletableFuture<Void>> out) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            ShareRecord s = ShareLedgerContract.share();
            CompletableFuture<Void> f = ledger.append(s);
            synchronized (out) {
                shares.add(s);
                out.add(f);
            }
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void check(ShareLedgerContract suite, List<ShareRecord> shares,
            List<CompletableFuture<Void>> futures) throws Exception {
        int stored = 0;
        int failed = 0;
        for (int i = 0; i < shares.size(); i++) {
            if (ShareLedgerContract.outcome(futures.get(i)) == null) {
                suite.assertStoredOnce(shares.get(i));
                stored++;
            } else {
                suite.assertNotStored(shares.get(i));
                failed++;
            }
        }
        assertTrue(stored > 0 && failed > 0, "stored " + stored + ", failed " + failed);
        // The one sentinel that succeeded is the only other row: failed sentinels left nothing behind.
        assertEquals(stored + 1, Shares.totalRows(suite.db));
    }
}

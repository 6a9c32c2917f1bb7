package io.stratumpool.pool.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sim.Waits;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ledger's behaviour, run against each store by a subclass. */
@Timeout(120)
abstract class ShareLedgerSuite extends ShareLedgerContract {

    @Test
    void storesEveryFieldAndCompletesOnlyAfterCommit() throws Exception {
        ShareRecord s = new ShareRecord("bob", "s19", 65536.5, 1.2e14, "a7", 900_001,
                java.time.Instant.ofEpochMilli(1_767_225_600_123L), Shares.uniqueHash(), true);
        try (JdbcShareLedger ledger = ledger(2, 100, 100, 10_000)) {
            await(ledger.append(s));
        }
        db.query(c -> {
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT user_name, worker,"
                    + " difficulty, network_difficulty, job_id, height, time_ms, hash, is_block FROM shares")) {
                assertTrue(rs.next());
                assertEquals("bob", rs.getString(1));
                assertEquals("s19", rs.getString(2));
                assertEquals(65536.5, rs.getDouble(3));
                assertEquals(1.2e14, rs.getDouble(4));
                assertEquals("a7", rs.getString(5));
                assertEquals(900_001, rs.getLong(6));
                assertEquals(1_767_225_600_123L, rs.getLong(7));
                assertEquals(ShareRows.hashHex(s.hash()), rs.getString(8));
                assertTrue(rs.getBoolean(9));
                assertFalse(rs.next());
                return null;
            }
        });
    }

    @Test
    void reportsEachCommittedTransactionWithItsDurationAndTheOldestSharesWait() throws Exception {
        List<long[]> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (JdbcShareLedger ledger = ledger(20, 100, 100, 10_000)) {
            ledger.onCommit((transactionNanos, oldestWaitNanos) -> reports.add(new long[] {transactionNanos, oldestWaitNanos}));
            long before = System.nanoTime();
            List<CompletableFuture<Void>> futures = appendAll(ledger, many(5));
            for (CompletableFuture<Void> f : futures) {
                await(f);
            }
            long elapsed = System.nanoTime() - before;
            assertEquals(ledger.stats().transactions(), reports.size(), "one report per committed transaction");
            long[] first = reports.get(0);
            assertTrue(first[0] > 0 && first[0] <= first[1], "the transaction lies within its oldest share's wait");
            assertTrue(first[1] <= elapsed, "the wait is measured from append");
        }
    }

    @Test
    void groupsConcurrentAppendsIntoFewTransactions() throws Exception {
        int threads = 4;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (JdbcShareLedger ledger = ledger(5, 10_000, 1000, 30_000)) {
            List<Future<List<CompletableFuture<Void>>>> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                producers.add(pool.submit(() -> appendAll(ledger, many(perThread))));
            }
            for (var producer : producers) {
                for (CompletableFuture<Void> f : producer.get()) {
                    await(f);
                }
            }
            LedgerStats stats = ledger.stats();
            assertEquals(threads * perThread, stats.sharesCommitted());
            assertTrue(stats.transactions() * 10 <= stats.sharesCommitted(),
                    "expected group commit, got " + stats.transactions() + " transactions");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, Shares.totalRows(db));
    }

    @Test
    void storesARepeatedHeaderHashOnce() throws Exception {
        ShareRecord s = share();
        try (JdbcShareLedger ledger = ledger(2, 100, 100, 10_000)) {
            await(ledger.append(s));
            await(ledger.append(s));
        }
        assertStoredOnce(s);
    }

    /** Large enough for PostgreSQL's COPY, which fails on a stored row: the batch is written by INSERTs instead. */
    @Test
    void storesABatchThatRepeatsStoredSharesOnlyOnce() throws Exception {
        List<ShareRecord> first = many(150);
        List<ShareRecord> second = new ArrayList<>(first.subList(100, 150));
        second.addAll(many(150));
        try (JdbcShareLedger ledger = ledger(50, 1000, 1000, 10_000)) {
            for (CompletableFuture<Void> f : appendAll(ledger, first)) {
                await(f);
            }
            for (CompletableFuture<Void> f : appendAll(ledger, second)) {
                assertNull(outcome(f));
            }
            assertEquals(0, ledger.stats().failedAttempts(), "a repeated share is skipped, not a store failure");
        }
        first.forEach(this::assertStoredOnce);
        second.forEach(this::assertStoredOnce);
        assertEquals(300, Shares.totalRows(db));
    }

    /** User, worker and job id come from the miner; COPY's text format gives tab, newline and backslash a meaning. */
    @Test
    void storesMinerGivenStringsVerbatimInSmallAndLargeBatches() throws Exception {
        String user = "a\\b\tc";
        String worker = "w\t1\n2\r3\\.\\N";
        List<ShareRecord> shares = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            shares.add(new ShareRecord(user, worker, 1, 1e6, "j\t" + i, 800_000, Instant.ofEpochMilli(1_767_225_600_000L + i),
                    Shares.uniqueHash(), false));
        }
        try (JdbcShareLedger ledger = ledger(50, 1000, 1000, 10_000)) {
            for (CompletableFuture<Void> f : appendAll(ledger, shares)) {
                await(f);
            }
            await(ledger.append(new ShareRecord(user, worker, 1, 1e6, "single", 800_000, Instant.EPOCH,
                    Shares.uniqueHash(), false)));
        }
        db.query(c -> {
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT user_name, worker, COUNT(*) FROM shares GROUP BY user_name, worker")) {
                assertTrue(rs.next());
                assertEquals(user, rs.getString(1));
                assertEquals(worker, rs.getString(2));
                assertEquals(121, rs.getInt(3));
                assertFalse(rs.next(), "every row has the same user and worker");
                return null;
            }
        });
    }

    @Test
    void rejectsAtOnceWhenTheQueueIsFull() throws Exception {
        List<ShareRecord> shares = many(15);
        try (JdbcShareLedger ledger = ledger(0, 10, 5, 60_000)) {
            List<CompletableFuture<Void>> futures;
            try (AutoCloseable down = store.refuseWrites()) {
                // The writer holds a full batch of 5 it cannot commit; then 10 fill the queue.
                futures = new ArrayList<>(appendAll(ledger, shares.subList(0, 5)));
                Waits.until("an empty queue", Duration.ofSeconds(20), () -> ledger.stats().queued() == 0);
                futures.addAll(appendAll(ledger, shares.subList(5, 15)));
                assertEquals(10, ledger.stats().queued());
                CompletableFuture<Void> overflow = ledger.append(share());
                assertTrue(overflow.isDone(), "a full queue must answer at once");
                assertEquals(LedgerRejectedException.Reason.QUEUE_FULL, outcome(overflow));
            }
            for (CompletableFuture<Void> f : futures) {
                assertNull(outcome(f), "queued shares are stored once the store is back");
            }
        }
        shares.forEach(this::assertStoredOnce);
    }

    @Test
    void failsSharesWithTimeoutAndNeverStoresThemLater() throws Exception {
        List<ShareRecord> shares = many(20);
        try (JdbcShareLedger ledger = ledger(2, 1000, 100, 400)) {
            try (AutoCloseable down = store.refuseWrites()) {
                List<CompletableFuture<Void>> futures = appendAll(ledger, shares);
                for (CompletableFuture<Void> f : futures) {
                    assertEquals(LedgerRejectedException.Reason.TIMEOUT, outcome(f));
                }
            }
            await(ledger.append(share()));
            assertTrue(ledger.stats().timedOut() >= 20);
        }
        shares.forEach(this::assertNotStored);
    }

    @Test
    void keepsEveryAcknowledgedShareThroughAnOutageAndResumesByItself() throws Exception {
        StoreOutage.run(this, () -> {
            try (AutoCloseable down = store.refuseWrites()) {
                Thread.sleep(1500);
            }
        });
    }

    /**
     * COMMIT fails after the data really landed, then keeps failing for longer than the timeout:
     * the share must neither time out (it may be stored) nor be stored twice once commits work.
     */
    @Test
    void aShareWhoseCommitOutcomeIsUnknownWaitsAndEndsStoredExactlyOnce() throws Exception {
        FaultyCommits faults = new FaultyCommits();
        ShareRecord s = share();
        LedgerConfig config = store.config().withTimings(2, 100, 300);
        try (JdbcShareLedger ledger = new JdbcShareLedger(db.wrapped(faults::wrap), config)) {
            faults.failing = true;
            CompletableFuture<Void> f = ledger.append(s);
            Waits.until("three failed commits", Duration.ofSeconds(20), () -> faults.failures.get() >= 3);
            Thread.sleep(400);
            assertFalse(f.isDone(), "a share whose commit may have landed must not be answered 'not stored'");
            assertStoredOnce(s);
            faults.failing = false;
            assertNull(outcome(f));
        }
        assertStoredOnce(s);
    }

    /** As above with a batch large enough for PostgreSQL's COPY, whose retry meets the rows that landed. */
    @Test
    void aLargeBatchWhoseCommitOutcomeIsUnknownEndsStoredExactlyOnce() throws Exception {
        FaultyCommits faults = new FaultyCommits();
        List<ShareRecord> shares = many(300);
        LedgerConfig config = store.config().withTimings(50, 1000, 10_000);
        try (JdbcShareLedger ledger = new JdbcShareLedger(db.wrapped(faults::wrap), config)) {
            faults.failing = true;
            List<CompletableFuture<Void>> futures = appendAll(ledger, shares);
            Waits.until("two failed commits", Duration.ofSeconds(20), () -> faults.failures.get() >= 2);
            faults.failing = false;
            for (CompletableFuture<Void> f : futures) {
                assertNull(outcome(f));
            }
        }
        shares.forEach(this::assertStoredOnce);
        assertEquals(300, Shares.totalRows(db));
    }

    @Test
    void closeCommitsWhatIsQueued() throws Exception {
        List<ShareRecord> shares = many(500);
        List<CompletableFuture<Void>> futures;
        try (JdbcShareLedger ledger = ledger(50, 1000, 100, 10_000)) {
            futures = appendAll(ledger, shares);
        }
        for (CompletableFuture<Void> f : futures) {
            assertTrue(f.isDone());
            assertNull(outcome(f));
        }
        assertEquals(500, Shares.totalRows(db));
    }

    @Test
    void rejectsAppendsAfterClose() throws Exception {
        JdbcShareLedger ledger = ledger(2, 100, 100, 10_000);
        ledger.close();
        assertEquals(LedgerRejectedException.Reason.CLOSED, outcome(ledger.append(share())));
    }

    static List<ShareRecord> many(int n) {
        List<ShareRecord> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(share());
        }
        return list;
    }
}

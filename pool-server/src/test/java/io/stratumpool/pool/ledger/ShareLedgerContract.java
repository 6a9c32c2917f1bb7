package io.stratumpool.pool.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** What every store must do; the concrete suites only say which store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShareLedgerContract {
    TestStore store;
    Database db;

    abstract TestStore createStore(Path dir);

    @BeforeAll
    void openStore(@TempDir Path tempDir) {
        store = createStore(tempDir);
        db = Database.open(store.config());
    }

    @AfterAll
    void closeStore() throws Exception {
        db.close();
        store.close();
    }

    @BeforeEach
    void emptyShares() {
        db.query(c -> c.createStatement().executeUpdate("DELETE FROM shares"));
    }

    JdbcShareLedger ledger(int windowMillis, int capacity, int maxBatch, int ackTimeoutMillis) {
        LedgerConfig base = store.config();
        LedgerConfig config = new LedgerConfig(base.store(), base.url(), base.user(), base.password(),
                base.dataDir(), base.schema(), base.poolSize(), windowMillis, maxBatch, capacity,
                ackTimeoutMillis, base.retentionDays());
        return new JdbcShareLedger(db, config);
    }

    static ShareRecord share() {
        return Shares.share("alice", "rig1", 1024, Instant.parse("2026-01-01T00:00:00Z"));
    }

    static void await(CompletableFuture<Void> f) throws Exception {
        f.get(30, TimeUnit.SECONDS);
    }

    /** The reason a future failed with, or null when it completed normally. */
    static LedgerRejectedException.Reason outcome(CompletableFuture<Void> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return ((LedgerRejectedException) e.getCause()).reason();
        }
    }

    static List<CompletableFuture<Void>> appendAll(ShareLedger ledger, List<ShareRecord> shares) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (ShareRecord s : shares) {
            futures.add(ledger.append(s));
        }
        return futures;
    }

    void assertStoredOnce(ShareRecord s) {
        assertEquals(1, Shares.rowsWithHash(db, s), "rows for an acknowledged share");
    }

    void assertNotStored(ShareRecord s) {
        assertEquals(0, Shares.rowsWithHash(db, s), "rows for a share answered 'not stored'");
    }
}

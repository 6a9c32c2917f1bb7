package io.stratumpool.pool.ledger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The ledger suite on PostgreSQL, plus what only a server can show: a transaction that hangs. */
class PostgresShareLedgerIT extends ShareLedgerSuite {
    @Override
    TestStore createStore(Path dir) {
        return TestStore.postgresql();
    }

    @Test
    void claimedShareWaitsForItsTransactionInsteadOfTimingOut() throws Exception {
        ShareRecord s = share();
        try (JdbcShareLedger ledger = ledger(2, 100, 100, 300);
                Connection locker = TestStore.pgConnection()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE " + store.config().schema() + ".shares IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Void> f = ledger.append(s);
            Thread.sleep(1_000);
            assertFalse(f.isDone(), "a share inside a pending transaction must not time out");
            locker.rollback();
            assertNull(outcome(f));
        }
        assertStoredOnce(s);
    }
}

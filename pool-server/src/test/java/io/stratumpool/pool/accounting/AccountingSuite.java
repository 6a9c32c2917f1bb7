package io.stratumpool.pool.accounting;

import io.stratumpool.pool.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.JdbcBlockRepository;
import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.JdbcShareLedger;
import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.ledger.Shares;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.validator.Hash256;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A database with the tables emptied before each test, and helpers to put shares and blocks in it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountingSuite {
    static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
    final MutableClock clock = new MutableClock(T0);
    TestStore store;
    Database db;
    JdbcBlockRepository blocks;
    AccountQueries queries;

    abstract TestStore createStore(Path dir);

    @BeforeAll
    void open(@TempDir Path dir) {
        store = createStore(dir);
        db = Database.open(store.config());
        blocks = new JdbcBlockRepository(db, clock);
        queries = new AccountQueries(db);
    }

    @AfterAll
    void close() throws Exception {
        db.close();
        store.close();
    }

    @BeforeEach
    void empty() {
        clock.set(T0);
        for (String table : new String[] {"payout_batch_events", "coinbase_payouts", "coinbase_splits", "payouts", "payout_batches", "credits",
                "balances", "accounting_state", "share_hourly", "blocks", "shares"}) {
            db.query(c -> c.createStatement().executeUpdate("DELETE FROM " + table));
        }
    }

    /** Stores shares one transaction each, so their ids follow the order given. */
    void store(ShareRecord... shares) throws Exception {
        var base = store.config();
        try (JdbcShareLedger ledger = new JdbcShareLedger(db, base.withTimings(0, 100, 10_000))) {
            for (ShareRecord s : shares) {
                ledger.append(s).get(10, TimeUnit.SECONDS);
            }
        }
    }

    static ShareRecord share(String user, double difficulty, double networkDifficulty, long height, Instant time) {
        return new ShareRecord(user, "rig", difficulty, networkDifficulty, "j", height, time, Shares.uniqueHash(), false);
    }

    /** The share that solved {@code block}: its header hash is the block hash. */
    static ShareRecord blockShare(BlockRecord block, double difficulty, Instant time) {
        return new ShareRecord(block.user(), "rig", difficulty, block.networkDifficulty(), "j", block.height(), time,
                block.hash().bytes(), true);
    }

    static BlockRecord block(int n, String finder, double networkDifficulty, long reward, Instant at) {
        byte[] h = new byte[32];
        h[0] = (byte) n;
        h[1] = 0x42;
        return new BlockRecord(Hash256.wrap(h), 840_000 + n, Hash256.ZERO, finder, "rig", 500, networkDifficulty,
                reward, BlockStatus.FOUND, null, 0, at, at);
    }

    long balance(String user) {
        return queries.balance(user).map(AccountQueries.Balance::balance).orElse(0L);
    }

    long paid(String user) {
        return queries.balance(user).map(AccountQueries.Balance::paid).orElse(0L);
    }

    void assertBalances(Map<String, Long> expected) {
        expected.forEach((user, amount) -> assertEquals(amount, balance(user), "balance of " + user));
        long rows = db.query(c -> {
            var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM balances WHERE balance <> 0");
            rs.next();
            return rs.getLong(1);
        });
        assertEquals(expected.values().stream().filter(v -> v != 0).count(), rows, "users with a balance");
    }
}

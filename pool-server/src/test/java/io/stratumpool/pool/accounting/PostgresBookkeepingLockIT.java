package io.stratumpool.pool.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.MutableClock;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Two accounting processes on one PostgreSQL database (two connection pools here), running their
 * pruning at the same moment, round after round: every pruned share is aggregated into
 * {@code share_hourly} once (without {@code Database.lockBookkeeping} both aggregated the same rows:
 * 3,600-4,200 counted for 2,400 pruned).
 */
class PostgresBookkeepingLockIT {
    private static final int ROUNDS = 8;
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void twoProcessesPruningAtOnceAggregateEachShareOnce() throws Exception {
        try (TestStore store = TestStore.postgresql(); Database one = Database.open(store.config());
                Database two = Database.open(store.config())) {
            MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(30)));
            SoloScheme solo = new SoloScheme(0, user -> true);
            Retention first = new Retention(one, new Accounting(one, solo, clock), Duration.ofDays(7), clock);
            Retention second = new Retention(two, new Accounting(two, solo, clock), Duration.ofDays(7), clock);
            long inserted = 0;
            long pruned = 0;
            for (int round = 0; round < ROUNDS; round++) {
                inserted += insertOldShares(one, 300);
                List<Integer> counts = atOnce(first::prune, second::prune);
                pruned += counts.get(0) + counts.get(1);
            }
            long aggregated = single(one, "SELECT COALESCE(SUM(shares), 0) FROM share_hourly");
            System.out.printf("PostgresBookkeepingLockIT: %d rounds, %d shares inserted, %d pruned, %d in share_hourly%n",
                    ROUNDS, inserted, pruned, aggregated);
            assertEquals(inserted, pruned, "every old share pruned by one of the two");
            assertEquals(inserted, aggregated, "each pruned share counted once in the hourly aggregates");
        }
    }

    /** Both tasks started at the same moment on two threads; their answers in order. */
    private static <T> List<T> atOnce(Supplier<T> a, Supplier<T> b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<T>> running = List.of(a, b).stream().map(task -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return task.get();
        })).toList();
        List<T> out = new ArrayList<>();
        for (CompletableFuture<T> f : running) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    private static int insertOldShares(Database db, int n) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO shares (user_name, worker, difficulty,"
                    + " network_difficulty, job_id, height, time_ms, hash, is_block) VALUES (?, 'rig', 1, 1000, 'j', 1, ?, ?, FALSE)")) {
                for (int i = 0; i < n; i++) {
                    ps.setString(1, "user" + (i % 5));
                    ps.setLong(2, T0.plusSeconds(i * 37L).toEpochMilli());
                    ps.setString(3, java.util.HexFormat.of().formatHex(randomBytes()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return n;
        });
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static long single(Database db, String sql) {
        return db.query(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

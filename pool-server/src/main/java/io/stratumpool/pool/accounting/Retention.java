package io.stratumpool.pool.accounting;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.ledger.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * Prunes share rows that can no longer affect a payout, keeping per-hour aggregates per worker
 * ({@code share_hourly}). A row goes only when it is older than the configured age (never less
 * than 25 h, so the hashrate rebuild finds a full day) AND older than every share some payout
 * may still read: the PPLNS window of each block not yet credited, the window the next block
 * would use (from the newest share, at the newest network difficulty), and, under PPS, every
 * share not yet settled. Aggregation and deletion are one transaction.
 */
public final class Retention {
    private static final Duration MINIMUM_AGE = Duration.ofHours(25);
    private static final EnumSet<BlockStatus> PENDING =
            EnumSet.of(BlockStatus.FOUND, BlockStatus.SUBMITTED, BlockStatus.ACCEPTED, BlockStatus.CONFIRMED);

    private final Database db;
    private final Accounting accounting;
    private final Duration maxAge;
    private final Clock clock;

    public Retention(Database db, Accounting accounting, Duration maxAge, Clock clock) {
        this.db = db;
        this.accounting = accounting;
        this.maxAge = maxAge.compareTo(MINIMUM_AGE) < 0 ? MINIMUM_AGE : maxAge;
        this.clock = clock;
    }

    /** Deletes what may go; returns the number of share rows pruned. */
    public int prune() {
        return db.inTransaction(c -> {
            db.lockBookkeeping(c); // another accounting process pruning the same rows would aggregate them twice
            long keepFromId = keepFromId(c);
            long cutoffMillis = clock.millis() - maxAge.toMillis();
            aggregate(c, cutoffMillis, keepFromId);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM shares WHERE time_ms < ? AND id < ?")) {
                ps.setLong(1, cutoffMillis);
                ps.setLong(2, keepFromId);
                return ps.executeUpdate();
            }
        });
    }

    /** The smallest share id any payout may still read. */
    long keepFromId(Connection c) throws SQLException {
        PayoutScheme scheme = accounting.scheme();
        long newest = ShareHistory.maxShareId(c);
        long keep = newest + 1;
        if (scheme instanceof PpsScheme) {
            keep = Math.min(keep, ShareHistory.singleLong(c,
                    "SELECT value FROM accounting_state WHERE name = 'pps_cursor'") + 1);
        }
        if (newest > 0 && scheme.windowDifficulty(1) > 0) {
            double networkDifficulty = ShareHistory.singleLong(c,
                    "SELECT CAST(network_difficulty AS BIGINT) FROM shares WHERE id = ?", newest);
            keep = Math.min(keep, ShareHistory.windowStartId(c, newest, scheme.windowDifficulty(networkDifficulty)));
            for (BlockRecord b : uncredited(c)) {
                long from = ShareHistory.blockShareId(c, b);
                keep = Math.min(keep, ShareHistory.windowStartId(c, from, scheme.windowDifficulty(b.networkDifficulty())));
            }
        }
        return keep;
    }

    private List<BlockRecord> uncredited(Connection c) throws SQLException {
        List<BlockRecord> out = new java.util.ArrayList<>();
        for (String status : PENDING.stream().map(Enum::name).toList()) {
            for (String hash : Accounting.strings(c,
                    "SELECT hash FROM blocks WHERE status = ? AND credited = FALSE", status)) {
                out.add(Accounting.loadBlockRecord(c, hash));
            }
        }
        return out;
    }

    private static void aggregate(Connection c, long cutoffMillis, long keepFromId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO share_hourly (hour_ms, user_name, worker, shares,"
                + " difficulty) SELECT time_ms - (time_ms % 3600000), user_name, worker, COUNT(*), SUM(difficulty)"
                + " FROM shares WHERE time_ms < ? AND id < ? GROUP BY time_ms - (time_ms % 3600000), user_name, worker"
                + " ON CONFLICT (hour_ms, user_name, worker) DO UPDATE SET shares = share_hourly.shares"
                + " + excluded.shares, difficulty = share_hourly.difficulty + excluded.difficulty")) {
            ps.setLong(1, cutoffMillis);
            ps.setLong(2, keepFromId);
            ps.executeUpdate();
        }
    }
}

package io.stratumpool.pool.accounting;

import io.stratumpool.pool.ledger.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Read-only views of balances and payouts for the HTTP API. Each call blocks on the database. */
public final class AccountQueries {
    private final Database db;

    public AccountQueries(Database db) {
        this.db = db;
    }

    /** A user's unpaid balance and total paid, in satoshis. */
    public record Balance(String user, long balance, long paid) {
    }

    /** One user's line in a payout batch; {@code txid} null until the batch is signed (wallet) or for coinbase payments. */
    public record Payment(long batchId, Instant time, String kind, String status, String user, long amount, String txid,
            int confirmations) {
        public Payment(long batchId, Instant time, String kind, String status, String user, long amount) {
            this(batchId, time, kind, status, user, amount, null, 0);
        }
    }

    public Optional<Balance> balance(String user) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT balance, paid FROM balances WHERE user_name = ?")) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Balance(user, rs.getLong(1), rs.getLong(2))) : Optional.empty();
                }
            }
        });
    }

    /** True when the pool has any record of the user: shares (raw or aggregated) or a balance. */
    public boolean isKnown(String user) {
        return db.query(c -> exists(c, "SELECT 1 FROM balances WHERE user_name = ?", user)
                || exists(c, "SELECT 1 FROM shares WHERE user_name = ? LIMIT 1", user)
                || exists(c, "SELECT 1 FROM share_hourly WHERE user_name = ? LIMIT 1", user));
    }

    /** Accepted shares and difficulty in one hour (of the pool or one user) starting at {@code hour}. */
    public record Hourly(Instant hour, long shares, double difficulty) {
    }

    /** The most recent payments, newest first; {@code user} null for everyone's. */
    public List<Payment> payments(String user, int limit) {
        return payments(user, limit, 0);
    }

    /** As {@link #payments(String, int)}, skipping the first {@code offset} (for paging). */
    public List<Payment> payments(String user, int limit, int offset) {
        String where = user == null ? "" : " WHERE p.user_name = ?";
        String sql = "SELECT b.id, b.created_ms, b.kind, b.status, p.user_name, p.amount, b.txid, b.confirmations"
                + " FROM payouts p"
                + " JOIN payout_batches b ON b.id = p.batch_id" + where
                + " ORDER BY b.created_ms DESC, b.id DESC, p.user_name LIMIT " + limit + " OFFSET " + offset;
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (user != null) {
                    ps.setString(1, user);
                }
                return read(ps);
            }
        });
    }

    /**
     * Accepted work per hour from {@code from} on, oldest first, for the pool ({@code user} null) or
     * one user: the hourly aggregates retention left behind plus the raw shares not yet pruned (an
     * hour that is partly pruned is the sum of both).
     */
    public List<Hourly> hourly(String user, Instant from) {
        String who = user == null ? "" : " AND user_name = ?";
        String raw = "SELECT (time_ms / 3600000) * 3600000, COUNT(*), SUM(difficulty) FROM shares WHERE time_ms >= ?"
                + who + " GROUP BY (time_ms / 3600000) * 3600000";
        String pruned = "SELECT hour_ms, SUM(shares), SUM(difficulty) FROM share_hourly WHERE hour_ms >= ?" + who
                + " GROUP BY hour_ms";
        long fromHour = Math.floorDiv(from.toEpochMilli(), 3_600_000L) * 3_600_000L;
        return db.query(c -> {
            java.util.TreeMap<Long, double[]> byHour = new java.util.TreeMap<>();
            sumInto(c, raw, fromHour, user, byHour);
            sumInto(c, pruned, fromHour, user, byHour);
            List<Hourly> out = new ArrayList<>(byHour.size());
            byHour.forEach((hour, t) -> out.add(new Hourly(Instant.ofEpochMilli(hour), (long) t[0], t[1])));
            return out;
        });
    }

    private static void sumInto(Connection c, String sql, long from, String user, java.util.Map<Long, double[]> byHour)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, from);
            if (user != null) {
                ps.setString(2, user);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double[] t = byHour.computeIfAbsent(rs.getLong(1), h -> new double[2]);
                    t[0] += rs.getLong(2);
                    t[1] += rs.getDouble(3);
                }
            }
        }
    }

    private static List<Payment> read(PreparedStatement ps) throws SQLException {
        List<Payment> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Payment(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7), rs.getInt(8)));
            }
        }
        return out;
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}

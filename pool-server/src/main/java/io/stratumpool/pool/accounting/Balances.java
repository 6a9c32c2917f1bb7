package io.stratumpool.pool.accounting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Balance and credit rows, inside the caller's transaction. */
final class Balances {
    private Balances() {
    }

    /** Adds the deltas to the user's balance row, creating it when missing (same SQL on both stores). */
    static void add(Connection c, String user, long balance, long paid, double carry, long nowMillis)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO balances (user_name, balance, paid, carry,"
                + " updated_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_name) DO UPDATE SET"
                + " balance = balances.balance + excluded.balance, paid = balances.paid + excluded.paid,"
                + " carry = balances.carry + excluded.carry, updated_ms = excluded.updated_ms")) {
            ps.setString(1, user);
            ps.setLong(2, balance);
            ps.setLong(3, paid);
            ps.setDouble(4, carry);
            ps.setLong(5, nowMillis);
            ps.executeUpdate();
        }
    }

    static double carry(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT carry FROM balances WHERE user_name = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : 0;
            }
        }
    }

    static void credit(Connection c, String source, String user, long amount, long nowMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO credits (block_hash, user_name, amount,"
                + " credited_ms) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, source);
            ps.setString(2, user);
            ps.setLong(3, amount);
            ps.setLong(4, nowMillis);
            ps.executeUpdate();
        }
    }

    /** A new payout batch; its id comes back through RETURNING, which both stores support. */
    /** Users whose balance is at least {@code minimum}, by name: {user_name, balance} rows. */
    static List<Object[]> due(Connection c, long minimum) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT user_name, balance FROM balances"
                + " WHERE balance >= ? ORDER BY user_name")) {
            ps.setLong(1, minimum);
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getLong(2)});
                }
            }
            return rows;
        }
    }

    static long newBatch(Connection c, String kind, long total, String status, long nowMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO payout_batches (created_ms, kind, total, status)"
                + " VALUES (?, ?, ?, ?) RETURNING id")) {
            ps.setLong(1, nowMillis);
            ps.setString(2, kind);
            ps.setLong(3, total);
            ps.setString(4, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void payout(Connection c, long batchId, String user, long amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO payouts (batch_id, user_name, amount)"
                + " VALUES (?, ?, ?)")) {
            ps.setLong(1, batchId);
            ps.setString(2, user);
            ps.setLong(3, amount);
            ps.executeUpdate();
        }
    }
}

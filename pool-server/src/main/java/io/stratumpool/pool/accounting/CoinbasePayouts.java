package io.stratumpool.pool.accounting;

import io.stratumpool.pool.job.CoinbasePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code coinbase_payouts} rows: the split a found block's coinbase carried, inside the caller's transaction. */
final class CoinbasePayouts {
    private CoinbasePayouts() {
    }

    /** Stores a block's plan once; a repeated call for the same block changes nothing. */
    static void store(Connection c, String blockHash, CoinbasePlan plan, long nowMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO coinbase_splits (block_hash, users, paid, recorded_ms)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (block_hash) DO NOTHING")) {
            ps.setString(1, blockHash);
            ps.setInt(2, plan.allocations().size());
            ps.setLong(3, plan.paidToUsers());
            ps.setLong(4, nowMillis);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO coinbase_payouts (block_hash, user_name, address,"
                + " weight, amount, fate) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (block_hash, user_name) DO NOTHING")) {
            for (CoinbasePlan.Allocation a : plan.allocations()) {
                ps.setString(1, blockHash);
                ps.setString(2, a.user());
                ps.setString(3, a.address());
                ps.setDouble(4, a.weight());
                ps.setLong(5, a.amount());
                ps.setString(6, a.fate().name());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Whether the block's split was recorded (its users may be none: an empty window). */
    static boolean recorded(Connection c, String blockHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM coinbase_splits WHERE block_hash = ?")) {
            ps.setString(1, blockHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static List<CoinbasePlan.Allocation> load(Connection c, String blockHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT user_name, address, weight, amount, fate"
                + " FROM coinbase_payouts WHERE block_hash = ? ORDER BY amount DESC, user_name")) {
            ps.setString(1, blockHash);
            List<CoinbasePlan.Allocation> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new CoinbasePlan.Allocation(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getLong(4),
                            CoinbasePlan.Fate.valueOf(rs.getString(5))));
                }
            }
            return rows;
        }
    }
}

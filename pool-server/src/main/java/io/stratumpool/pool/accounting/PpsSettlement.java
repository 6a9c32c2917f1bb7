package io.stratumpool.pool.accounting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One PPS settlement inside the caller's transaction: shares after the cursor, valued and credited. */
final class PpsSettlement {
    /** Persists the new cursor in the same transaction. */
    interface CursorWriter {
        void write(long lastId) throws SQLException;
    }

    private PpsSettlement() {
    }

    static int settle(Connection c, PpsScheme pps, long cursor, int limit, long now, CursorWriter writer)
            throws SQLException {
        Map<String, Double> values = new LinkedHashMap<>();
        long last = cursor;
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, user_name, difficulty, network_difficulty, height"
                + " FROM shares WHERE id > ? ORDER BY id LIMIT " + limit)) {
            ps.setLong(1, cursor);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    values.merge(rs.getString(2), pps.shareValue(rs.getDouble(3), rs.getDouble(4), rs.getLong(5)),
                            Double::sum);
                    n++;
                }
            }
        }
        if (n > 0) {
            credit(c, values, "pps:" + last, now);
            writer.write(last);
        }
        return n;
    }

    /** Whole satoshis are credited; the fraction is carried in the balance row to the next settlement. */
    private static void credit(Connection c, Map<String, Double> values, String source, long now)
            throws SQLException {
        for (Map.Entry<String, Double> e : values.entrySet()) {
            double carry = Balances.carry(c, e.getKey());
            double total = carry + e.getValue();
            long whole = (long) Math.floor(total + 1e-9);
            Balances.add(c, e.getKey(), whole, 0, (total - whole) - carry, now);
            if (whole > 0) {
                Balances.credit(c, source, e.getKey(), whole, now);
            }
        }
    }
}

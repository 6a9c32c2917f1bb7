package io.stratumpool.pool.ledger;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Share records for tests: unique hashes from a counter, and row look-ups. */
public final class Shares {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Shares() {
    }

    public static ShareRecord share(String user, String worker, double difficulty, Instant time) {
        return new ShareRecord(user, worker, difficulty, 1e6, "job1", 800_000, time, uniqueHash(), false);
    }

    public static byte[] uniqueHash() {
        byte[] hash = new byte[32];
        ByteBuffer.wrap(hash).putLong(SEQUENCE.incrementAndGet()).putLong(System.nanoTime());
        return hash;
    }

    /** How many rows carry this share's hash. */
    public static int rowsWithHash(Database db, ShareRecord share) {
        return db.query(c -> count(c, ShareRows.hashHex(share.hash())));
    }

    public static long totalRows(Database db) {
        return db.query(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM shares")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static int count(Connection c, String hashHex) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM shares WHERE hash = ?")) {
            ps.setString(1, hashHex);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}

package io.stratumpool.pool.ledger;

import io.stratumpool.validator.Hash256;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The SQL that writes share rows. Hashes are stored as display-order hex, as explorers show them. */
final class ShareRows {
    static final String INSERT = "INSERT INTO shares (user_name, worker, difficulty, network_difficulty, job_id,"
            + " height, time_ms, hash, is_block) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (hash) DO NOTHING";

    private ShareRows() {
    }

    /** Inserts the shares as one JDBC batch; a hash already stored is skipped, not an error. */
    static void insert(Connection c, List<PendingShare> shares) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (PendingShare p : shares) {
                bind(ps, p.share);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, ShareRecord s) throws SQLException {
        ps.setString(1, s.user());
        ps.setString(2, s.worker());
        ps.setDouble(3, s.difficulty());
        ps.setDouble(4, s.networkDifficulty());
        ps.setString(5, s.jobId());
        ps.setLong(6, s.height());
        ps.setLong(7, s.time().toEpochMilli());
        ps.setString(8, hashHex(s.hash()));
        ps.setBoolean(9, s.block());
    }

    static String hashHex(byte[] internalOrder) {
        return Hash256.wrap(internalOrder).toHexReversed();
    }
}

package io.stratumpool.pool.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the accounting side: share rows by event id, and the consumer's offsets beside them. */
final class ShareEventRows {
    /**
     * No conflict target: an event whose id is stored is skipped, and so is one whose header hash is
     * (the single-process ledger's key), which a second node could only produce by sharing extranonce1.
     */
    private static final String INSERT_SHARE = "INSERT INTO shares (user_name, worker, difficulty, network_difficulty,"
            + " job_id, height, time_ms, hash, is_block, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String UPSERT_OFFSET = "INSERT INTO kafka_offsets (consumer_group, topic, partition_id,"
            + " next_offset) VALUES (?, ?, ?, ?) ON CONFLICT (consumer_group, topic, partition_id)"
            + " DO UPDATE SET next_offset = excluded.next_offset";
    private static final String SELECT_OFFSETS = "SELECT partition_id, next_offset FROM kafka_offsets"
            + " WHERE consumer_group = ? AND topic = ?";

    private ShareEventRows() {
    }

    static void insert(Connection c, List<ShareEvent> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_SHARE)) {
            for (ShareEvent e : events) {
                ps.setString(1, e.user());
                ps.setString(2, e.worker());
                ps.setDouble(3, e.difficulty());
                ps.setDouble(4, e.networkDifficulty());
                ps.setString(5, e.jobId());
                ps.setLong(6, e.height());
                ps.setLong(7, e.timeMs());
                ps.setString(8, e.hash());
                ps.setBoolean(9, e.block());
                ps.setString(10, e.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void saveOffsets(Connection c, String group, String topic, Map<Integer, Long> nextOffsets)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_OFFSET)) {
            for (var e : nextOffsets.entrySet()) {
                ps.setString(1, group);
                ps.setString(2, topic);
                ps.setInt(3, e.getKey());
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Map<Integer, Long> offsets(Connection c, String group, String topic) throws SQLException {
        Map<Integer, Long> offsets = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_OFFSETS)) {
            ps.setString(1, group);
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return offsets;
    }
}

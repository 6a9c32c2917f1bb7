package io.stratumpool.pool.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/** The SQL of the accounting side: share rows by event id, blocks by hash, and the consumer's offsets beside them. */
final class ShareEventRows {
    /**
     * No conflict target: an event whose id is stored is skipped, and so is one whose time and header
     * hash are (the single-process ledger's key), which a second node could only produce by sharing
     * extranonce1.
     */
    private static final String INSERT_SHARE = "INSERT INTO shares (user_name, worker, difficulty, network_difficulty,"
            + " job_id, height, time_ms, hash, is_block, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String UPSERT_OFFSET = "INSERT INTO kafka_offsets (consumer_group, topic, partition_id,"
            + " next_offset) VALUES (?, ?, ?, ?) ON CONFLICT (consumer_group, topic, partition_id)"
            + " DO UPDATE SET next_offset = excluded.next_offset";
    private static final String SELECT_OFFSETS = "SELECT topic, partition_id, next_offset FROM kafka_offsets"
            + " WHERE consumer_group = ?";
    /**
     * A block is one row by hash: the first event inserts it, a later one (newer {@code updated_ms})
     * moves its status on, a replayed or older one changes nothing. {@code credited} is accounting's own.
     */
    private static final String UPSERT_BLOCK = "INSERT INTO blocks (hash, height, prev_hash, user_name, worker,"
            + " share_difficulty, network_difficulty, reward, status, reason, confirmations, found_ms, updated_ms,"
            + " credited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE) ON CONFLICT (hash) DO UPDATE SET"
            + " status = excluded.status, reason = excluded.reason, confirmations = excluded.confirmations,"
            + " updated_ms = excluded.updated_ms WHERE blocks.updated_ms < excluded.updated_ms";

    private static final int ID_CHUNK = 500;

    private ShareEventRows() {
    }

    /** Inserts the events' rows; the answer says, per event, whether its row is new (not a replay). */
    static boolean[] insert(Connection c, List<ShareEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return new boolean[0];
        }
        boolean[] fresh = notYetStored(c, events);
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
        return fresh;
    }

    /**
     * Which events are not stored yet (and not repeated earlier in the batch). Asked before the insert,
     * in its transaction: the update counts of a rewritten batch insert ({@code reWriteBatchedInserts})
     * do not say which rows were skipped, and one consumer owns each partition, so nothing else inserts
     * these ids meanwhile.
     */
    private static boolean[] notYetStored(Connection c, List<ShareEvent> events) throws SQLException {
        Set<String> stored = new HashSet<>();
        for (int from = 0; from < events.size(); from += ID_CHUNK) {
            List<ShareEvent> chunk = events.subList(from, Math.min(events.size(), from + ID_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM shares WHERE event_id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i).id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                }
            }
        }
        boolean[] fresh = new boolean[events.size()];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = stored.add(events.get(i).id());
        }
        return fresh;
    }

    static void upsertBlocks(Connection c, List<BlockEvent> blocks) throws SQLException {
        if (blocks.isEmpty()) {
            return;
        }
        // One row per block in the statement (a rewritten batch is one INSERT, which may touch a row once): the newest.
        Map<String, BlockEvent> newest = new java.util.LinkedHashMap<>();
        for (BlockEvent b : blocks) {
            newest.merge(b.blockHash(), b, (x, y) -> y.updatedMs() > x.updatedMs() ? y : x);
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_BLOCK)) {
            for (BlockEvent b : newest.values()) {
                ps.setString(1, b.blockHash());
                ps.setLong(2, b.height());
                ps.setString(3, b.prevHash());
                ps.setString(4, b.user());
                ps.setString(5, b.worker());
                ps.setDouble(6, b.shareDifficulty());
                ps.setDouble(7, b.networkDifficulty());
                ps.setLong(8, b.reward());
                ps.setString(9, b.status());
                ps.setString(10, b.reason());
                ps.setInt(11, b.confirmations());
                ps.setLong(12, b.foundMs());
                ps.setLong(13, b.updatedMs());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void saveOffsets(Connection c, String group, Map<TopicPartition, Long> nextOffsets)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_OFFSET)) {
            for (var e : nextOffsets.entrySet()) {
                ps.setString(1, group);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Map<TopicPartition, Long> offsets(Connection c, String group) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_OFFSETS)) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return offsets;
    }
}

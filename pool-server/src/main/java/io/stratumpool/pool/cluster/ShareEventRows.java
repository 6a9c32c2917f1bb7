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
     * No conflict target: an event whose time and header hash are stored (the ledger's unique key) is
     * skipped; a replayed event repeats both (its id is {@code <nodeId>:<hash>}, its time is the
     * event's own), and another node could only produce the same hash by sharing extranonce1.
     */
    private static final String INSERT_SHARE = "INSERT INTO shares (user_name, worker, difficulty, network_difficulty,"
            + " job_id, height, time_ms, hash, is_block, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    /** The same, one statement per poll on PostgreSQL: the rows in array order (so ids keep the poll's order). */
    private static final String INSERT_SHARES_ARRAYS = "INSERT INTO shares (user_name, worker, difficulty,"
            + " network_difficulty, job_id, height, time_ms, hash, is_block, event_id)"
            + " SELECT u, w, d, nd, j, h, t, hs, b, e FROM unnest(?::varchar[], ?::varchar[], ?::float8[],"
            + " ?::float8[], ?::varchar[], ?::int8[], ?::int8[], ?::varchar[], ?::bool[], ?::varchar[])"
            + " WITH ORDINALITY AS r(u, w, d, nd, j, h, t, hs, b, e, o)"
            + " ORDER BY o ON CONFLICT DO NOTHING RETURNING event_id";
    private static final String UPSERT_OFFSET = "INSERT INTO kafka_offsets (consumer_group, topic, partition_id,"
            + " next_offset) VALUES (?, ?, ?, ?) ON CONFLICT (consumer_group, topic, partition_id)"
            + " DO UPDATE SET next_offset = excluded.next_offset";
    private static final String CREATE_OFFSET = "INSERT INTO kafka_offsets (consumer_group, topic, partition_id,"
            + " next_offset) VALUES (?, ?, ?, 0) ON CONFLICT (consumer_group, topic, partition_id) DO NOTHING";
    private static final String SELECT_OFFSET = "SELECT next_offset FROM kafka_offsets"
            + " WHERE consumer_group = ? AND topic = ? AND partition_id = ?";
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
    static boolean[] insert(Connection c, List<ShareEvent> events, boolean postgresql) throws SQLException {
        if (events.isEmpty()) {
            return new boolean[0];
        }
        return postgresql ? insertArrays(c, events) : insertBatch(c, events);
    }

    /**
     * PostgreSQL: the whole poll as one statement, each column an array, and the rows it really
     * inserted (not skipped as replays) named by {@code RETURNING}: one round trip and one plan
     * instead of a look-up of every id plus a rewritten batch of 128-row inserts.
     */
    private static boolean[] insertArrays(Connection c, List<ShareEvent> events) throws SQLException {
        int n = events.size();
        String[] users = new String[n];
        String[] workers = new String[n];
        Double[] difficulties = new Double[n];
        Double[] networkDifficulties = new Double[n];
        String[] jobIds = new String[n];
        Long[] heights = new Long[n];
        Long[] times = new Long[n];
        String[] hashes = new String[n];
        Boolean[] blocks = new Boolean[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ShareEvent e = events.get(i);
            users[i] = e.user();
            workers[i] = e.worker();
            difficulties[i] = e.difficulty();
            networkDifficulties[i] = e.networkDifficulty();
            jobIds[i] = e.jobId();
            heights[i] = e.height();
            times[i] = e.timeMs();
            hashes[i] = e.hash();
            blocks[i] = e.block();
            ids[i] = e.id();
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_SHARES_ARRAYS)) {
            ps.setArray(1, c.createArrayOf("varchar", users));
            ps.setArray(2, c.createArrayOf("varchar", workers));
            ps.setArray(3, c.createArrayOf("float8", difficulties));
            ps.setArray(4, c.createArrayOf("float8", networkDifficulties));
            ps.setArray(5, c.createArrayOf("varchar", jobIds));
            ps.setArray(6, c.createArrayOf("int8", heights));
            ps.setArray(7, c.createArrayOf("int8", times));
            ps.setArray(8, c.createArrayOf("varchar", hashes));
            ps.setArray(9, c.createArrayOf("bool", blocks));
            ps.setArray(10, c.createArrayOf("varchar", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        }
        boolean[] fresh = new boolean[n];
        for (int i = 0; i < n; i++) {
            fresh[i] = inserted.remove(ids[i]); // an id repeated in the poll is new once at most
        }
        return fresh;
    }

    private static boolean[] insertBatch(Connection c, List<ShareEvent> events) throws SQLException {
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
     * Which events' shares are not stored yet (by header hash, the unique key a replay repeats) and not
     * repeated earlier in the batch. Asked before the insert, in its transaction: the update counts
     * of a rewritten batch insert do not say which rows were skipped, and the transaction holds the
     * database's write lock (SQLite), so nothing else inserts these shares meanwhile.
     */
    private static boolean[] notYetStored(Connection c, List<ShareEvent> events) throws SQLException {
        Set<String> stored = new HashSet<>();
        for (int from = 0; from < events.size(); from += ID_CHUNK) {
            List<ShareEvent> chunk = events.subList(from, Math.min(events.size(), from + ID_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM shares WHERE hash IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i).hash());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getString(1).trim());
                    }
                }
            }
        }
        boolean[] fresh = new boolean[events.size()];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = stored.add(events.get(i).hash());
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

    /**
     * Locks the batch's partitions' offset rows (creating missing ones at 0, in a fixed order so two
     * consumers never deadlock) and answers whether each stored offset is still at or before the
     * batch's first offset there; false means another consumer has stored past it. On SQLite the
     * transaction already holds the database's write lock ({@code lockRows} false).
     */
    static boolean claimOffsets(Connection c, String group, Map<TopicPartition, Long> firstOffsets, boolean lockRows)
            throws SQLException {
        List<TopicPartition> ordered = new java.util.ArrayList<>(firstOffsets.keySet());
        ordered.sort(java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        try (PreparedStatement create = c.prepareStatement(CREATE_OFFSET);
                PreparedStatement read = c.prepareStatement(lockRows ? SELECT_OFFSET + " FOR UPDATE" : SELECT_OFFSET)) {
            for (TopicPartition tp : ordered) {
                create.setString(1, group);
                create.setString(2, tp.topic());
                create.setInt(3, tp.partition());
                create.executeUpdate();
                read.setString(1, group);
                read.setString(2, tp.topic());
                read.setInt(3, tp.partition());
                try (ResultSet rs = read.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > firstOffsets.get(tp)) {
                        return false;
                    }
                }
            }
        }
        return true;
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

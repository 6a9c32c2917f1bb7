package io.stratumpool.pool.block;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.validator.Hash256;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link BlockRepository} in the pool's database (table {@code blocks}), on SQLite or PostgreSQL. */
public final class JdbcBlockRepository implements BlockRepository {
    private static final String COLUMNS = "hash, height, prev_hash, user_name, worker, share_difficulty,"
            + " network_difficulty, reward, status, reason, confirmations, found_ms, updated_ms";

    private final Database database;
    private final Clock clock;

    public JdbcBlockRepository(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    private static final String INSERT = "INSERT INTO blocks (" + COLUMNS + ", credited)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE) ON CONFLICT (hash) DO NOTHING";
    private static final String UPDATE = "UPDATE blocks SET status = ?, reason = ?, confirmations = ?, updated_ms = ?"
            + " WHERE hash = ?";

    @Override
    public void found(BlockRecord b) {
        database.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                bind(ps, b);
                return ps.executeUpdate();
            }
        });
    }

    /** One transaction for the whole list: a storm of found blocks costs one commit, not one each. */
    @Override
    public void writeAll(List<Write> writes) {
        database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT);
                    PreparedStatement update = c.prepareStatement(UPDATE)) {
                for (Write w : writes) {
                    if (w instanceof Found f) {
                        bind(insert, f.block());
                        insert.executeUpdate();
                    } else if (w instanceof StatusChange s) {
                        bindStatus(update, s.hash(), s.status(), s.reason(), s.confirmations());
                        update.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    private static void bind(PreparedStatement ps, BlockRecord b) throws SQLException {
        ps.setString(1, b.hash().toHexReversed());
        ps.setLong(2, b.height());
        ps.setString(3, b.prevHash().toHexReversed());
        ps.setString(4, b.user());
        ps.setString(5, b.worker());
        ps.setDouble(6, b.shareDifficulty());
        ps.setDouble(7, b.networkDifficulty());
        ps.setLong(8, b.reward());
        ps.setString(9, b.status().name());
        ps.setString(10, b.reason());
        ps.setInt(11, b.confirmations());
        ps.setLong(12, b.foundAt().toEpochMilli());
        ps.setLong(13, b.updatedAt().toEpochMilli());
    }

    @Override
    public void updateStatus(Hash256 hash, BlockStatus status, String reason, int confirmations) {
        database.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                bindStatus(ps, hash, status, reason, confirmations);
                return ps.executeUpdate();
            }
        });
    }

    private void bindStatus(PreparedStatement ps, Hash256 hash, BlockStatus status, String reason, int confirmations)
            throws SQLException {
        ps.setString(1, status.name());
        ps.setString(2, reason);
        ps.setInt(3, confirmations);
        ps.setLong(4, clock.millis());
        ps.setString(5, hash.toHexReversed());
    }

    @Override
    public Optional<BlockRecord> find(Hash256 hash) {
        return database.query(c -> select(c, "WHERE hash = ?", hash.toHexReversed()).stream().findFirst());
    }

    @Override
    public List<BlockRecord> withStatus(Collection<BlockStatus> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(statuses.size(), "?"));
        Object[] names = statuses.stream().map(BlockStatus::name).toArray();
        return database.query(c -> select(c, "WHERE status IN (" + marks + ") ORDER BY found_ms, hash", names));
    }

    @Override
    public List<BlockRecord> recent(int limit) {
        return database.query(c -> select(c, "ORDER BY found_ms DESC, hash LIMIT ?", limit));
    }

    /** One grouped query, not one per status: metrics read this on every scrape. */
    @Override
    public Map<BlockStatus, Long> countByStatus() {
        Map<BlockStatus, Long> counts = new EnumMap<>(BlockStatus.class);
        for (BlockStatus status : BlockStatus.values()) {
            counts.put(status, 0L);
        }
        return database.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM blocks GROUP BY status");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(BlockStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
                return counts;
            }
        });
    }

    private static List<BlockRecord> select(Connection c, String tail, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM blocks " + tail)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<BlockRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        }
    }

    private static BlockRecord read(ResultSet rs) throws SQLException {
        return new BlockRecord(Hash256.fromHexReversed(rs.getString(1)), rs.getLong(2),
                Hash256.fromHexReversed(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getDouble(6),
                rs.getDouble(7), rs.getLong(8), BlockStatus.valueOf(rs.getString(9)), rs.getString(10),
                rs.getInt(11), Instant.ofEpochMilli(rs.getLong(12)), Instant.ofEpochMilli(rs.getLong(13)));
    }
}

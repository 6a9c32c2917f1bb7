package io.stratumpool.pool.accounting;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.ledger.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Reads of the {@code shares} table for payouts, retention and the hashrate rebuild. */
final class ShareHistory {
    private static final int PAGE = 2_000;

    private ShareHistory() {
    }

    /**
     * The id of the block's own share (its header hash is the block hash; the partial index
     * {@code shares_block_hash} holds block shares only); if that row is missing,
     * the last share at or before the block was found. 0 when there is none.
     */
    static long blockShareId(Connection c, BlockRecord block) throws SQLException {
        long id = singleLong(c, "SELECT id FROM shares WHERE hash = ? AND is_block",
                block.hash().toHexReversed());
        return id > 0 ? id : singleLong(c, "SELECT MAX(id) FROM shares WHERE time_ms <= ?", block.foundAt().toEpochMilli());
    }

    static long maxShareId(Connection c) throws SQLException {
        return singleLong(c, "SELECT MAX(id) FROM shares");
    }

    static long singleLong(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The oldest share id inside a window of {@code difficulty} counted back from {@code fromId}. */
    static long windowStartId(Connection c, long fromId, double difficulty) {
        long start = fromId;
        double remaining = difficulty;
        for (ShareWeight s : newestFirst(c, fromId)) {
            if (remaining <= 0) {
                break;
            }
            start = s.id();
            remaining -= s.difficulty();
        }
        return start;
    }

    /** Shares with id ≤ {@code fromId}, newest first, read page by page as the caller iterates. */
    static Iterable<ShareWeight> newestFirst(Connection c, long fromId) {
        return () -> new PagedIterator(c, fromId);
    }

    /** Feeds the tracker every share stored since {@code since}, oldest first. */
    static int replay(Database db, HashrateTracker tracker, Instant since) {
        return db.query(c -> {
            int n = 0;
            long after = 0;
            List<Object[]> page;
            do {
                page = replayPage(c, after, since.toEpochMilli());
                for (Object[] row : page) {
                    tracker.record((String) row[1], (String) row[2], (double) row[3], (long) row[4]);
                    after = (long) row[0];
                }
                n += page.size();
            } while (page.size() == PAGE);
            return n;
        });
    }

    private static List<Object[]> replayPage(Connection c, long afterId, long sinceMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, user_name, worker, difficulty, time_ms FROM shares"
                + " WHERE id > ? AND time_ms >= ? ORDER BY id LIMIT " + PAGE)) {
            ps.setLong(1, afterId);
            ps.setLong(2, sinceMillis);
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getLong(5)});
                }
            }
            return rows;
        }
    }

    /** Pages by id so that a window of millions of shares is never held in memory at once. */
    private static final class PagedIterator implements Iterator<ShareWeight> {
        private final Connection c;
        private long nextMaxId;
        private List<ShareWeight> page = List.of();
        private int index;
        private boolean exhausted;

        PagedIterator(Connection c, long fromId) {
            this.c = c;
            this.nextMaxId = fromId;
        }

        @Override
        public boolean hasNext() {
            if (index < page.size()) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            page = load();
            index = 0;
            exhausted = page.size() < PAGE;
            return !page.isEmpty();
        }

        @Override
        public ShareWeight next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ShareWeight s = page.get(index++);
            nextMaxId = s.id() - 1;
            return s;
        }

        private List<ShareWeight> load() {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, user_name, difficulty FROM shares"
                    + " WHERE id <= ? ORDER BY id DESC LIMIT " + PAGE)) {
                ps.setLong(1, nextMaxId);
                List<ShareWeight> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new ShareWeight(rs.getLong(1), rs.getString(2), rs.getDouble(3)));
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw new io.stratumpool.pool.ledger.LedgerStoreException("reading shares: " + e.getMessage(), e);
            }
        }
    }
}

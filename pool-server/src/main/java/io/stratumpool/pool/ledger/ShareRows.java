package io.stratumpool.pool.ledger;

import io.stratumpool.validator.Hash256;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The SQL that writes share rows. Hashes are stored as display-order hex, as explorers show them.
 *
 * <p>A share already stored (same time and header hash: a batch retried after an unknown COMMIT
 * outcome, or the same record appended twice) is skipped, not an error; the unique
 * {@code (time_ms, hash)} index of V6 decides. SQLite gets multi-row INSERTs (one statement step
 * per {@value #ROWS_PER_STATEMENT} shares instead of one per share); so does PostgreSQL for a batch
 * smaller than that (one round trip), and COPY for a larger one. COPY cannot skip a conflict, so a
 * batch whose COPY hits one is written again by the INSERTs.
 */
final class ShareRows {
    static final int ROWS_PER_STATEMENT = 100;
    private static final String COLUMNS = "shares (user_name, worker, difficulty, network_difficulty, job_id,"
            + " height, time_ms, hash, is_block)";
    private static final int COLUMN_COUNT = 9;
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String COPY = "COPY " + COLUMNS + " FROM STDIN";
    private static final String UNIQUE_VIOLATION = "23505";

    private ShareRows() {
    }

    /** Inserts the shares in the caller's transaction. */
    static void insert(Connection c, Dialect dialect, List<PendingShare> shares) throws SQLException {
        if (dialect == Dialect.POSTGRESQL && shares.size() >= ROWS_PER_STATEMENT) {
            copyOrInsert(c, shares);
        } else {
            insertRows(c, shares);
        }
    }

    static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(COLUMNS).append(" VALUES ").append(ROW);
        for (int i = 1; i < rows; i++) {
            sql.append(", ").append(ROW);
        }
        return sql.append(" ON CONFLICT (time_ms, hash) DO NOTHING").toString();
    }

    /** Full statements of {@value #ROWS_PER_STATEMENT} rows share one prepared statement; the rest takes one more. */
    static void insertRows(Connection c, List<PendingShare> shares) throws SQLException {
        int full = shares.size() - shares.size() % ROWS_PER_STATEMENT;
        if (full > 0) {
            try (PreparedStatement ps = c.prepareStatement(insertSql(ROWS_PER_STATEMENT))) {
                for (int from = 0; from < full; from += ROWS_PER_STATEMENT) {
                    bindRows(ps, shares.subList(from, from + ROWS_PER_STATEMENT));
                    ps.executeUpdate();
                }
            }
        }
        if (full < shares.size()) {
            try (PreparedStatement ps = c.prepareStatement(insertSql(shares.size() - full))) {
                bindRows(ps, shares.subList(full, shares.size()));
                ps.executeUpdate();
            }
        }
    }

    private static void bindRows(PreparedStatement ps, List<PendingShare> rows) throws SQLException {
        int offset = 0;
        for (PendingShare p : rows) {
            bind(ps, offset, p.share);
            offset += COLUMN_COUNT;
        }
    }

    private static void bind(PreparedStatement ps, int offset, ShareRecord s) throws SQLException {
        ps.setString(offset + 1, s.user());
        ps.setString(offset + 2, s.worker());
        ps.setDouble(offset + 3, s.difficulty());
        ps.setDouble(offset + 4, s.networkDifficulty());
        ps.setString(offset + 5, s.jobId());
        ps.setLong(offset + 6, s.height());
        ps.setLong(offset + 7, s.time().toEpochMilli());
        ps.setString(offset + 8, hashHex(s.hash()));
        ps.setBoolean(offset + 9, s.block());
    }

    /** COPY, or the INSERTs when a row is already stored (COPY fails on it, back to the savepoint). */
    private static void copyOrInsert(Connection c, List<PendingShare> shares) throws SQLException {
        Savepoint beforeCopy = c.setSavepoint();
        try {
            copy(c, shares);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(beforeCopy);
            insertRows(c, shares);
        }
    }

    private static void copy(Connection c, List<PendingShare> shares) throws SQLException {
        StringBuilder text = new StringBuilder(shares.size() * 160);
        for (PendingShare p : shares) {
            appendCopyRow(text, p.share);
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into shares: " + e.getMessage(), e);
        }
    }

    /** One line of COPY's text format: tab-separated, with the format's escapes in the miner-given strings. */
    static void appendCopyRow(StringBuilder line, ShareRecord s) {
        appendCopyText(line, s.user()).append('\t');
        appendCopyText(line, s.worker()).append('\t');
        line.append(s.difficulty()).append('\t').append(s.networkDifficulty()).append('\t');
        appendCopyText(line, s.jobId()).append('\t');
        line.append(s.height()).append('\t').append(s.time().toEpochMilli()).append('\t');
        line.append(hashHex(s.hash())).append('\t').append(s.block() ? 't' : 'f').append('\n');
    }

    private static StringBuilder appendCopyText(StringBuilder line, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(ch);
            }
        }
        return line;
    }

    static String hashHex(byte[] internalOrder) {
        return Hash256.wrap(internalOrder).toHexReversed();
    }
}

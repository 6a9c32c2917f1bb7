package io.stratumpool.pool.server;

import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.ledger.LedgerConfig;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Turns an exception from a failed start into the one line an operator needs: which key, file,
 * port or path, and what to do. Returns null for a failure it does not recognise (a bug: then the
 * stack trace is worth printing).
 */
public final class StartupFailure {
    private StartupFailure() {
    }

    public static String describe(Throwable e, PoolConfig config) {
        if (e instanceof BindException) {
            return e.getMessage();
        }
        SQLException sql = find(e, SQLException.class);
        if (sql != null) {
            return database(sql, config.ledger());
        }
        if (e instanceof IllegalStateException || e instanceof UncheckedIOException) {
            return e.getMessage();
        }
        return null;
    }

    private static String database(SQLException e, LedgerConfig ledger) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (ledger.store() == LedgerConfig.Store.SQLITE) {
            Path file = Path.of(ledger.jdbcUrl().substring("jdbc:sqlite:".length()));
            Path dir = file.toAbsolutePath().getParent();
            if (message.contains("SQLITE_CANTOPEN") || message.contains("SQLITE_READONLY")
                    || !Files.isWritable(dir)) {
                return "ledger.dataDir: cannot create or write " + file + ": the directory " + dir
                        + " is not writable by user " + System.getProperty("user.name")
                        + " (give that user the directory, e.g. chown, or choose another with --data-dir)";
            }
            return "ledger: cannot open the SQLite file " + file + ": " + message;
        }
        String where = "ledger.url " + ledger.jdbcUrl();
        if (state.startsWith("28")) { // invalid authorization: wrong password, unknown role, pg_hba refusal
            return "ledger: PostgreSQL at " + ledger.jdbcUrl() + " refused the login of user '" + ledger.user() + "' ("
                    + message.replaceFirst("^FATAL: ", "") + "): check ledger.user and ledger.password";
        }
        if (state.startsWith("08")) {
            return where + ": cannot connect (" + message + "): is PostgreSQL running and the URL right?";
        }
        if (state.equals("3D000")) {
            return where + ": " + message.replaceFirst("^FATAL: ", "") + " (create it, or fix the database name in ledger.url)";
        }
        return where + ": " + message;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

package io.stratumpool.pool.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A store for one test class: a fresh SQLite file, or a fresh PostgreSQL schema that is dropped
 * afterwards. PostgreSQL comes from {@code -Dstratumpool.test.pg.url} / {@code STRATUMPOOL_TEST_PG_URL}
 * (default: the CI cluster on 127.0.0.1:5432); when it cannot be reached the test fails, never skips.
 */
public abstract class TestStore implements AutoCloseable {
    public static final String PG_URL = setting("stratumpool.test.pg.url", "STRATUMPOOL_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/stratumpool_test");
    public static final String PG_USER = setting("stratumpool.test.pg.user", "STRATUMPOOL_TEST_PG_USER",
            "stratumpool");
    public static final String PG_PASSWORD = setting("stratumpool.test.pg.password",
            "STRATUMPOOL_TEST_PG_PASSWORD", "stratumpool");

    public abstract LedgerConfig config();

    /** Makes every write fail before it can commit (the store is "down") until closed. */
    public abstract AutoCloseable refuseWrites() throws SQLException;

    public static TestStore sqlite(Path dir) {
        return new Sqlite(dir);
    }

    public static TestStore postgresql() {
        return new Postgres();
    }

    private static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null) {
            v = System.getenv(env);
        }
        return v == null ? fallback : v;
    }

    /** A plain connection outside the pool, for the test's own statements. */
    public static Connection pgConnection() {
        try {
            return DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is not reachable at " + PG_URL + " as " + PG_USER
                    + " (" + e.getMessage() + "). Start it and create the role and database as .ci/run does"
                    + " (pg_ctlcluster 15 main start).", e);
        }
    }

    private static final class Sqlite extends TestStore {
        private final Path dir;

        Sqlite(Path dir) {
            this.dir = dir;
        }

        @Override
        public LedgerConfig config() {
            return LedgerConfig.sqlite(dir.toString());
        }

        /** Another connection holds SQLite's exclusive lock, as a stuck process would. */
        @Override
        public AutoCloseable refuseWrites() throws SQLException {
            Connection c = DriverManager.getConnection(config().jdbcUrl());
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
            }
            return () -> {
                try (c; Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                }
            };
        }

        @Override
        public void close() {
        }
    }

    private static final class Postgres extends TestStore {
        private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

        @Override
        public LedgerConfig config() {
            return LedgerConfig.postgresql(PG_URL, PG_USER, PG_PASSWORD).withSchema(schema);
        }

        /** The role loses INSERT on shares: the writer's INSERT fails before COMMIT is ever sent. */
        @Override
        public AutoCloseable refuseWrites() throws SQLException {
            execute("REVOKE INSERT ON " + schema + ".shares FROM " + PG_USER);
            return () -> execute("GRANT INSERT ON " + schema + ".shares TO " + PG_USER);
        }

        private static void execute(String sql) throws SQLException {
            try (Connection c = pgConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        @Override
        public void close() throws SQLException {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}

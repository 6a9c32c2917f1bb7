package io.stratumpool.pool.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The pool's database: a HikariCP pool on SQLite or PostgreSQL with the schema migrated by Flyway
 * from {@code db/migration} (both stores) and {@code db/vendor/<store>} (see {@link Dialect}).
 */
public final class Database implements AutoCloseable {
    /** How long a SQLite connection waits for the write lock before SQLITE_BUSY. */
    public static final int SQLITE_BUSY_TIMEOUT_MILLIS = 3_000;
    /** PostgreSQL advisory lock keys (any two numbers no other code of this database uses). */
    private static final long BOOKKEEPING_LOCK = 0x5354_5241_5455_4d01L;
    private static final long SHARE_ORDER_LOCK = 0x5354_5241_5455_4d02L;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final AutoCloseable pool;

    private Database(DataSource dataSource, Dialect dialect, AutoCloseable pool) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.pool = pool;
    }

    /** The same database seen through a wrapper (tests inject faults this way); closing it closes nothing. */
    Database wrapped(UnaryOperator<DataSource> wrapper) {
        return new Database(wrapper.apply(dataSource), dialect, () -> { });
    }

    /** Connects and migrates the schema; fails when the store cannot be reached. */
    public static Database open(LedgerConfig config) {
        Dialect dialect = Dialect.of(config.store());
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(config.jdbcUrl());
        }
        HikariDataSource ds = new HikariDataSource(hikariConfig(config, dialect));
        try {
            migrate(ds, dialect, config.schema());
            return new Database(ds, dialect, ds);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    private static HikariConfig hikariConfig(LedgerConfig config, Dialect dialect) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("ledger");
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setMaximumPoolSize(config.poolSize());
        // A down store must surface quickly so the writer can back off and the timeout path can run.
        hc.setConnectionTimeout(2_000);
        hc.setValidationTimeout(1_000);
        if (dialect == Dialect.SQLITE) {
            // WAL lets API readers run beside the writer; FULL syncs the WAL at every commit, so a
            // share acknowledged to a miner survives power loss, not only a crash. Transactions stay
            // DEFERRED: in IMMEDIATE mode sqlite-jdbc re-takes the write lock right after every commit.
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("synchronous", "FULL");
            // Every connection waits this long for another writer's lock instead of failing with
            // SQLITE_BUSY: group commits, block records and accounting share the one file. Kept below
            // the ledger's acknowledgement timeouts, so a store locked for good is still reported down.
            hc.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MILLIS));
        } else {
            hc.setUsername(config.user());
            hc.setPassword(config.password());
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
            hc.addDataSourceProperty("connectTimeout", "2");
            hc.addDataSourceProperty("tcpKeepAlive", "true");
            hc.addDataSourceProperty("ApplicationName", "stratumpool");
            if (config.schema() != null) {
                hc.setSchema(config.schema());
            }
        }
        return hc;
    }

    private static void migrate(DataSource ds, Dialect dialect, String schema) {
        var flyway = Flyway.configure()
                .dataSource(ds)
                .locations(dialect.migrationLocations())
                .placeholders(dialect.placeholders());
        if (dialect == Dialect.POSTGRESQL && schema != null) {
            flyway.schemas(schema).defaultSchema(schema);
        }
        flyway.load().migrate();
    }

    private static void createParentDirectory(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        Path parent = Path.of(query < 0 ? file : file.substring(0, query)).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("ledger.dataDir: cannot create " + parent, e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True when a connection can be had and answers; blocks up to about two seconds. */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Runs {@code work} with auto-commit on (one statement, or reads). */
    public <T> T query(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new LedgerStoreException("ledger query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     * HikariCP restores auto-commit when the connection goes back to the pool.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            beginWrite(c);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerStoreException("ledger transaction failed: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a write transaction. On SQLite it takes the database's write lock now (waiting up to the
     * busy timeout), so that a transaction that has begun can no longer fail for want of the lock;
     * a no-op UPDATE is the portable way to do that with DEFERRED transactions.
     */
    public void beginWrite(Connection c) throws SQLException {
        c.setAutoCommit(false);
        if (dialect == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE accounting_state SET value = value WHERE 1 = 0");
            }
        }
    }

    /**
     * Inside a transaction: waits until no other transaction of the periodic accounting work
     * (crediting, PPS settlement, payout batches, pruning) runs on this database, in any process,
     * and keeps the others out until this one ends. Several accounting processes of one consumer
     * group share a database; each runs those timers, and two of them reading the same balances or
     * share rows at once would pay or aggregate twice. A no-op on SQLite, whose writers already take
     * the database's lock one at a time ({@link #beginWrite}).
     */
    public void lockBookkeeping(Connection c) throws SQLException {
        advisoryLock(c, "pg_advisory_xact_lock", BOOKKEEPING_LOCK);
    }

    /**
     * Inside a transaction that inserts shares of several consumers at once (the cluster's accounting
     * side): held shared until it ends. {@link #lockShareOrder} takes it exclusively, so a reader
     * holding that sees no share id that a transaction still in flight took (ids are assigned at
     * insert, committed later, and PPS settles by id). A no-op on SQLite.
     */
    public void lockShareInsertsShared(Connection c) throws SQLException {
        advisoryLock(c, "pg_advisory_xact_lock_shared", SHARE_ORDER_LOCK);
    }

    /** Waits until every share insert in flight has ended and keeps new ones out until this transaction ends. */
    public void lockShareOrder(Connection c) throws SQLException {
        advisoryLock(c, "pg_advisory_xact_lock", SHARE_ORDER_LOCK);
    }

    private void advisoryLock(Connection c, String function, long key) throws SQLException {
        if (dialect != Dialect.POSTGRESQL) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SELECT " + function + "(" + key + ")");
        }
    }

    static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (Exception e) {
            throw new LedgerStoreException("closing the connection pool", e);
        }
    }
}

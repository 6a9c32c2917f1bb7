package io.stratumpool.pool.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * V6 on a shares table that already holds rows (SQLite rebuilds the table, PostgreSQL swaps indexes):
 * every row keeps its id and values, an id is never handed out twice, and a retried share is still
 * stored once.
 */
class SharesMigrationIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(LedgerConfig.Store.class)
    void keepsEveryRowAndNeverReusesAnId(LedgerConfig.Store kind) throws Exception {
        try (TestStore store = kind == LedgerConfig.Store.SQLITE ? TestStore.sqlite(dir) : TestStore.postgresql()) {
            LedgerConfig config = store.config();
            flyway(config).target("4").load().migrate();
            List<String> hashes = new ArrayList<>();
            try (Connection c = connect(config)) {
                for (int i = 0; i < 3; i++) {
                    hashes.add(insertAtV4(c, table(config), Shares.share("alice", "rig" + i, 100 + i,
                            Instant.ofEpochMilli(1_767_225_600_000L + i))));
                }
                // The newest row gone (as if pruned): its id must not come back.
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM " + table(config) + " WHERE id = 3");
                }
            }
            ShareRecord later = Shares.share("bob", "rig9", 7, Instant.ofEpochMilli(1_767_225_700_000L));
            try (Database db = Database.open(config); JdbcShareLedger ledger = new JdbcShareLedger(db, config)) {
                ledger.append(later).get();
                ledger.append(later).get();
            }
            try (Connection c = connect(config); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, worker, difficulty, hash FROM " + table(config) + " ORDER BY id")) {
                assertRow(rs, 1, "rig0", 100, hashes.get(0));
                assertRow(rs, 2, "rig1", 101, hashes.get(1));
                assertTrue(rs.next(), "the share stored after V6");
                assertTrue(rs.getLong(1) > 3, "id " + rs.getLong(1) + " reuses one handed out before V6");
                assertEquals(ShareRows.hashHex(later.hash()), rs.getString(4).trim());
                assertTrue(!rs.next(), "the share appended twice is stored once");
            }
        }
    }

    private static void assertRow(ResultSet rs, long id, String worker, double difficulty, String hash)
            throws SQLException {
        assertTrue(rs.next(), "row " + id + " kept");
        assertEquals(id, rs.getLong(1));
        assertEquals(worker, rs.getString(2));
        assertEquals(difficulty, rs.getDouble(3));
        assertEquals(hash, rs.getString(4).trim());
    }

    private static FluentConfiguration flyway(LedgerConfig config) {
        Dialect dialect = Dialect.of(config.store());
        FluentConfiguration flyway = Flyway.configure()
                .locations(dialect.migrationLocations())
                .placeholders(dialect.placeholders());
        if (dialect == Dialect.POSTGRESQL) {
            return flyway.dataSource(config.jdbcUrl(), TestStore.PG_USER, TestStore.PG_PASSWORD)
                    .schemas(config.schema()).defaultSchema(config.schema());
        }
        return flyway.dataSource(config.jdbcUrl(), null, null);
    }

    private static Connection connect(LedgerConfig config) throws SQLException {
        return config.store() == LedgerConfig.Store.POSTGRESQL ? TestStore.pgConnection()
                : DriverManager.getConnection(config.jdbcUrl());
    }

    private static String table(LedgerConfig config) {
        return config.store() == LedgerConfig.Store.POSTGRESQL ? config.schema() + ".shares" : "shares";
    }

    /** A row as the V1 ledger wrote it; returns its hash column. */
    private static String insertAtV4(Connection c, String table, ShareRecord s) throws SQLException {
        String hash = ShareRows.hashHex(s.hash());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (user_name, worker, difficulty,"
                + " network_difficulty, job_id, height, time_ms, hash, is_block) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, s.user());
            ps.setString(2, s.worker());
            ps.setDouble(3, s.difficulty());
            ps.setDouble(4, s.networkDifficulty());
            ps.setString(5, s.jobId());
            ps.setLong(6, s.height());
            ps.setLong(7, s.time().toEpochMilli());
            ps.setString(8, hash);
            ps.setBoolean(9, s.block());
            ps.executeUpdate();
        }
        return hash;
    }
}

package io.stratumpool.pool.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratumpool.sim.ShareOutcome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shares table read back over plain JDBC after the pool stopped, set against what the miners
 * were told. The rules: a share acknowledged {@code true} is stored exactly once; a share
 * rejected (any code, 20 "not stored" included) is not stored; an unanswered share (the pool died
 * first) may or may not be; no row comes from nowhere and no header has two rows.
 */
final class StoredShares {
    final int acknowledged;
    final List<String> acknowledgedMissing = new ArrayList<>();
    final List<String> rejectedButStored = new ArrayList<>();
    final List<String> storedWithoutSubmit = new ArrayList<>();
    final int duplicateRows;
    final int rows;
    final int unanswered;
    final int unansweredStored;

    private StoredShares(Map<String, ShareOutcome> outcomes, Map<String, Integer> rowsByHash) {
        int acked = 0;
        int lost = 0;
        int lostStored = 0;
        for (var e : outcomes.entrySet()) {
            boolean stored = rowsByHash.containsKey(e.getKey());
            switch (e.getValue().result()) {
                case ACCEPTED -> {
                    acked++;
                    if (!stored) {
                        acknowledgedMissing.add(e.getKey());
                    }
                }
                case REJECTED -> {
                    if (stored) {
                        rejectedButStored.add(e.getKey() + " (error " + e.getValue().errorCode() + ")");
                    }
                }
                case UNANSWERED -> {
                    lost++;
                    lostStored += stored ? 1 : 0;
                }
            }
        }
        rowsByHash.keySet().stream().filter(h -> !outcomes.containsKey(h)).forEach(storedWithoutSubmit::add);
        this.acknowledged = acked;
        this.unanswered = lost;
        this.unansweredStored = lostStored;
        this.rows = rowsByHash.values().stream().mapToInt(Integer::intValue).sum();
        this.duplicateRows = rows - rowsByHash.size();
    }

    static StoredShares reconcile(LedgerConfig store, ShareOutcomes outcomes) throws SQLException {
        return new StoredShares(outcomes.byHash(), rowsByHash(store));
    }

    /** Rows per header hash: {@code SELECT hash, count(*) … GROUP BY hash}. */
    static Map<String, Integer> rowsByHash(LedgerConfig store) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        String table = store.store() == LedgerConfig.Store.POSTGRESQL ? store.schema() + ".shares" : "shares";
        try (Connection c = connect(store); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT hash, COUNT(*) FROM " + table + " GROUP BY hash")) {
            while (rs.next()) {
                rows.put(rs.getString(1).trim(), rs.getInt(2));
            }
        }
        return rows;
    }

    private static Connection connect(LedgerConfig store) throws SQLException {
        return store.store() == LedgerConfig.Store.POSTGRESQL ? TestStore.pgConnection()
                : DriverManager.getConnection(store.jdbcUrl());
    }

    void assertHolds() {
        assertEquals(List.of(), first(acknowledgedMissing), "acknowledged true but not in the store: " + this);
        assertEquals(0, duplicateRows, "header hashes stored more than once: " + this);
        assertEquals(List.of(), first(rejectedButStored), "rejected but stored: " + this);
        assertEquals(List.of(), first(storedWithoutSubmit), "stored but never submitted: " + this);
    }

    private static List<String> first(List<String> list) {
        return list.subList(0, Math.min(10, list.size()));
    }

    @Override
    public String toString() {
        return acknowledged + " acknowledged (" + acknowledgedMissing.size() + " missing), " + rows + " rows ("
                + duplicateRows + " duplicates), " + unanswered + " unanswered (" + unansweredStored + " of them stored), "
                + rejectedButStored.size() + " rejected but stored, " + storedWithoutSubmit.size() + " stored without a submit";
    }
}

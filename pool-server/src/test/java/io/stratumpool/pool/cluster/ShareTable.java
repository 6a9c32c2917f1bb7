package io.stratumpool.pool.cluster;

import io.stratumpool.pool.ledger.Database;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** The accounting side's tables read back: event ids, row counts, stored offsets. */
final class ShareTable {
    private ShareTable() {
    }

    static long rows(Database db) {
        return single(db, "SELECT COUNT(*) FROM shares");
    }

    static long distinctEventIds(Database db) {
        return single(db, "SELECT COUNT(DISTINCT event_id) FROM shares");
    }


    static Set<String> eventIds(Database db) {
        return db.query(c -> {
            Set<String> ids = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT event_id FROM shares")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    private static long single(Database db, String sql) {
        return db.query(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

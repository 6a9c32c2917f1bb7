package io.stratumpool.pool.cluster;

import io.stratumpool.pool.accounting.Accounting;
import io.stratumpool.pool.accounting.PplnsScheme;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.JdbcBlockRepository;
import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.JdbcShareLedger;
import io.stratumpool.pool.ledger.LedgerConfig;
import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.KafkaBroker;
import io.stratumpool.sim.ShareOutcome;
import io.stratumpool.validator.Hash256;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the cluster tests start (the jar's arguments for each role) and how they check the result:
 * rows by header hash, balances, and the balances the single-process pool computes from the same rows.
 */
final class ClusterAudit {
    private ClusterAudit() {
    }

    static List<String> accountingArgs(KafkaBroker broker, LedgerConfig pg, String sharesTopic, String blocksTopic,
            int apiPort, Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("--role", "accounting", "--kafka", broker.bootstrapServers(),
                "--set", "ledger.store=postgresql", "--set", "ledger.url=" + pg.url(), "--set", "ledger.user=" + pg.user(),
                "--set", "ledger.password=" + pg.password(), "--set", "ledger.schema=" + pg.schema(),
                "--set", "payout.scheme=pplns", "--set", "api.host=127.0.0.1",
                "--set", "cluster.sharesTopic=" + sharesTopic, "--set", "cluster.blocksTopic=" + blocksTopic,
                "--set", "api.port=" + apiPort, "--data-dir", data.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** A stratum node on the sandbox chain at a difficulty where CPU miners find many shares and some blocks. */
    static List<String> stratumArgs(KafkaBroker broker, String sharesTopic, String blocksTopic, int nodeId, int port,
            int apiPort, Path data) {
        return List.of("--role", "stratum", "--kafka", broker.bootstrapServers(), "--stratum-host", "127.0.0.1",
                "--stratum-port", Integer.toString(port), "--data-dir", data.toString(),
                "--set", "pool.nodeId=" + nodeId, "--set", "cluster.sharesTopic=" + sharesTopic,
                "--set", "cluster.blocksTopic=" + blocksTopic, "--set", "cluster.ackTimeoutMillis=4000",
                "--set", "api.host=127.0.0.1", "--set", "api.port=" + apiPort,
                "--set", "sandbox.networkDifficulty=0.000005",
                "--set", "stratum.ports[0].minDifficulty=0.00000025", "--set", "stratum.ports[0].initialDifficulty=0.0000005",
                "--set", "stratum.ports[0].maxDifficulty=0.0000005", "--set", "stratum.ports[0].vardiff=false");
    }

    /** The same share rows, in the same order, through the single-process ledger and accounting, on a fresh schema. */
    static Map<String, Long> singleProcessBalances(Database cluster) throws Exception {
        try (TestStore store = TestStore.postgresql(); Database db = Database.open(store.config())) {
            List<ShareRecord> shares = cluster.query(c -> {
                List<ShareRecord> out = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT user_name, worker, difficulty,"
                        + " network_difficulty, job_id, height, time_ms, hash, is_block FROM shares ORDER BY id")) {
                    while (rs.next()) {
                        out.add(new ShareRecord(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4),
                                rs.getString(5), rs.getLong(6), Instant.ofEpochMilli(rs.getLong(7)),
                                Hash256.fromHexReversed(rs.getString(8).trim()).bytes(), rs.getBoolean(9)));
                    }
                }
                return out;
            });
            try (JdbcShareLedger ledger = new JdbcShareLedger(db, store.config())) {
                // One writer commits in queue order, so the ids keep the cluster's order; a chunk at a time.
                List<CompletableFuture<Void>> chunk = new ArrayList<>();
                for (ShareRecord s : shares) {
                    chunk.add(ledger.append(s));
                    if (chunk.size() == 2_000) {
                        chunk.get(chunk.size() - 1).get(30, TimeUnit.SECONDS);
                        chunk.clear();
                    }
                }
                CompletableFuture.allOf(chunk.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
            JdbcBlockRepository clusterBlocks = new JdbcBlockRepository(cluster, Clock.systemUTC());
            JdbcBlockRepository blocks = new JdbcBlockRepository(db, Clock.systemUTC());
            for (BlockRecord b : clusterBlocks.withStatus(List.of(BlockStatus.values()))) {
                blocks.found(b);
            }
            new Accounting(db, new PplnsScheme(2, 0.01), Clock.systemUTC()).creditConfirmedBlocks();
            return balances(db);
        }
    }

    /**
     * The blocks each killed node found before its last kill, by hash (display order), read back from
     * the blocks topic as the node itself does at start.
     */
    static Set<String> foundBeforeKill(KafkaBroker broker, String blocksTopic, Map<Integer, Long> lastKillMs) {
        ClusterConfig config = new ClusterConfig(broker.bootstrapServers(), null, null, null, null, null, null,
                blocksTopic, null, null, null);
        Set<String> out = new TreeSet<>();
        lastKillMs.forEach((nodeId, killMs) -> OwnBlockRecords.merge(OwnBlockRecords.read(config, nodeId,
                Duration.ofSeconds(30)), List.of(), nodeId).stream()
                .filter(b -> b.foundAt().toEpochMilli() < killMs).forEach(b -> out.add(b.hash().toHexReversed())));
        return out;
    }

    /** Those of {@code hashes} whose row is still waiting for the chain (found, submitted, accepted). */
    static List<String> unsettled(Database db, Set<String> hashes) {
        return db.query(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT hash, status FROM blocks"
                    + " WHERE status IN ('FOUND', 'SUBMITTED', 'ACCEPTED')")) {
                while (rs.next()) {
                    if (hashes.contains(rs.getString(1).trim())) {
                        out.add(rs.getString(1).trim() + " " + rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    static Map<String, Long> balances(Database db) {
        return db.query(c -> {
            Map<String, Long> out = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT user_name, balance FROM balances")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    static Map<String, Integer> rowsByHash(Database db) {
        return db.query(c -> {
            Map<String, Integer> out = new HashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT hash, COUNT(*) FROM shares GROUP BY hash")) {
                while (rs.next()) {
                    out.put(rs.getString(1).trim(), rs.getInt(2));
                }
            }
            return out;
        });
    }

    static long count(Database db, String sql) {
        return db.query(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Header hashes of the shares the miners heard {@code true} for. */
    static List<String> acknowledged(Map<String, ShareOutcome> outcomes) {
        return outcomes.values().stream().filter(ShareOutcome::accepted).map(o -> o.share().hashHex()).toList();
    }

    static long accepted(Map<String, ShareOutcome> outcomes) {
        return outcomes.values().stream().filter(ShareOutcome::accepted).count();
    }

    static String tail(String text) {
        return text.length() > 3_000 ? "…" + text.substring(text.length() - 3_000) : text;
    }
}

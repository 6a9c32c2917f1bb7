package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.config.ConfigLoader;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.ledger.LedgerConfig;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.KafkaBroker;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one jar in its two cluster roles against a real broker and PostgreSQL: a {@code stratum} node
 * (in-process, sandbox chain) answers a simulated miner's shares once Kafka has them, and an
 * {@code accounting} process stores them; every share the miner heard {@code true} for is one row,
 * every block the node found is one row at the node's status and in the accounting role's API, and
 * both roles serve {@code /health} and {@code /metrics}.
 */
class ClusterRolesIT {
    @TempDir
    Path dir;

    @Test
    void sharesAcceptedByAStratumNodeAreStoredByTheAccountingRoleOnce() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka")); TestStore store = TestStore.postgresql()) {
            Map<String, String> cluster = Map.of("cluster.bootstrapServers", broker.bootstrapServers(),
                    "cluster.sharesTopic", "roles-shares");
            broker.createTopic("roles-shares", 2);
            LedgerConfig pg = store.config();
            Map<String, String> accountingSettings = new HashMap<>(cluster);
            accountingSettings.putAll(Map.of("pool.role", "accounting", "ledger.store", "postgresql",
                    "ledger.url", pg.url(), "ledger.user", pg.user(), "ledger.password", pg.password(),
                    "ledger.schema", pg.schema(), "pool.dataDir", dir.resolve("acct").toString(),
                    "api.host", "127.0.0.1", "api.port", "0"));
            PoolConfig accountingConfig = ConfigLoader.load(null, accountingSettings);
            Map<String, String> stratumSettings = new HashMap<>(cluster);
            stratumSettings.putAll(Map.of("pool.role", "stratum", "pool.nodeId", "5",
                    "cluster.spoolDir", dir.resolve("spool").toString()));

            long accepted;
            long submitted;
            try (AccountingNode accounting = AccountingNode.start(accountingConfig, Clock.systemUTC());
                    PoolFixture node = new PoolFixture("0.0005", stratumSettings)) {
                assertEquals(404, get(node.pool.apiPort(), "/api/pool").statusCode(), "a stratum node keeps no database");
                SimMiner miner = node.start(node.options(FirmwareProfile.CPUMINER, "alice").name("rig1").build());
                // Vardiff aims at one share per 10 s, so after its first steps shares slow down: 15 is enough.
                assertTrue(miner.awaitAccepted(15, Duration.ofSeconds(60)), "miner: " + miner.counters());
                Waits.until(() -> "blocks found on the node: " + node.pool.blocks().recent(100).size(),
                        Duration.ofSeconds(60), () -> node.pool.blocks().recent(100).size() >= 2);
                miner.close();
                accepted = miner.counters().accepted();
                String scrape = node.pool.metrics().scrape();
                double published = scrape.lines().filter(l -> l.startsWith("cluster_shares_acknowledged_total "))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
                assertTrue(published >= accepted, "cluster_shares_acknowledged_total " + published + " for " + accepted);
                assertTrue(scrape.contains("cluster_spooling 0.0"), "not spooling while Kafka is up");
                submitted = miner.counters().submitted();
                try (var db = io.stratumpool.pool.ledger.Database.open(pg)) {
                    Waits.until(() -> "accounting to store the accepted shares: " + accounting.consumerStats(),
                            Duration.ofSeconds(30), Duration.ofMillis(100), () -> rows(db, "") >= accepted);
                    long rows = rows(db, "");
                    long fromNode5 = rows(db, " WHERE event_id LIKE '5:%' AND user_name = 'alice'");
                    System.out.printf("ClusterRolesIT: miner submitted %d, heard true for %d; %d rows (%d from node 5 for alice)%n",
                            submitted, accepted, rows, fromNode5);
                    assertEquals(rows, fromNode5, "every row came from this node and user");
                    assertTrue(rows >= accepted && rows <= submitted, rows + " rows for " + accepted + " accepted");
                    assertEquals(rows, rows(db, "") , "stable");
                    assertEquals(rows, distinctIds(db), "no share twice");

                    Map<String, String> onNode = new HashMap<>();
                    node.pool.blocks().recent(1_000).forEach(b -> onNode.put(b.hash().toHexReversed(), b.status().name()));
                    Waits.until(() -> "accounting to record the node's blocks " + onNode + ", has " + blocks(db),
                            Duration.ofSeconds(30), Duration.ofMillis(100), () -> blocks(db).equals(onNode));
                    long blockShares = rows(db, " WHERE is_block = TRUE");
                    System.out.printf("ClusterRolesIT: %d blocks found on the node, %d rows in blocks, %d block shares%n",
                            onNode.size(), blocks(db).size(), blockShares);
                    assertTrue(blockShares >= onNode.size() - 1, "the solving shares came through too");
                    String apiBlocks = get(accounting.apiPort(), "/api/blocks?limit=500").body();
                    for (String hash : onNode.keySet()) {
                        assertTrue(apiBlocks.contains(hash), "the accounting API lists block " + hash);
                    }
                }
                HttpResponse<String> nodeMetrics = get(node.pool.apiPort(), "/metrics");
                assertEquals(200, nodeMetrics.statusCode());
                assertTrue(nodeMetrics.body().contains("cluster_blocks_published_total"), "the node's /metrics");
                assertEquals(200, get(node.pool.apiPort(), "/health").statusCode());
                assertEquals(200, get(accounting.apiPort(), "/health").statusCode());
                String accountingMetrics = get(accounting.apiPort(), "/metrics").body();
                assertTrue(accountingMetrics.contains("cluster_consumer_lag_records{topic=\"roles-shares\"} 0.0"),
                        "no lag once everything is stored:\n" + accountingMetrics.lines()
                                .filter(l -> l.startsWith("cluster_")).toList());
                assertTrue(accountingMetrics.contains("pool_blocks{status="), "blocks by status on accounting");
            }
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> blocks(io.stratumpool.pool.ledger.Database db) {
        return db.query(c -> {
            Map<String, String> out = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT hash, status FROM blocks")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    private static long rows(io.stratumpool.pool.ledger.Database db, String where) {
        return db.query(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM shares" + where)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static long distinctIds(io.stratumpool.pool.ledger.Database db) {
        return db.query(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(DISTINCT event_id) FROM shares")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

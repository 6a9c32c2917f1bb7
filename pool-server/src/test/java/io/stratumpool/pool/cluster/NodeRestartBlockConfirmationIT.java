package io.stratumpool.pool.cluster;

import static io.stratumpool.pool.cluster.ClusterAudit.balances;
import static io.stratumpool.pool.cluster.ClusterAudit.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.node.BcoinNode;
import io.stratumpool.pool.testing.KafkaBroker;
import io.stratumpool.pool.testing.LoopbackPorts;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.address.Bech32;
import io.stratumpool.validator.address.Network;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code stratum} node (the jar, on a real bcoin regtest node) finds blocks and is killed with
 * SIGKILL while they wait for maturity; restarted, it reads its blocks back from the blocks topic and
 * follows them again, so once bcoin has mined 100 more blocks they reach CONFIRMED in PostgreSQL
 * through accounting and are credited exactly once.
 */
@Timeout(240)
class NodeRestartBlockConfirmationIT {
    private static final String SHARES = "resume-shares";
    private static final String BLOCKS = "resume-blocks";
    private static final String UNSETTLED = "('FOUND', 'SUBMITTED', 'ACCEPTED')";

    @TempDir
    Path dir;

    @Test
    void blocksAwaitingMaturityWhenTheirNodeIsKilledAreConfirmedAndCreditedOnceAfterItsRestart() throws Exception {
        String pool = address("pool");
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka")); TestStore store = TestStore.postgresql();
                Database db = Database.open(store.config()); BcoinNode bitcoin = BcoinNode.start("resume");
                SimRuntime runtime = new SimRuntime(1, 1)) {
            broker.createTopic(SHARES, 1);
            broker.createTopic(BLOCKS, 1);
            bitcoin.generateToAddress(16, address("elsewhere")); // past OP_1..OP_16 heights
            int port = LoopbackPorts.restartable();
            int api = LoopbackPorts.restartable();
            ClusterMember accounting = new ClusterMember(dir, "accounting", ClusterAudit.accountingArgs(broker,
                    store.config(), SHARES, BLOCKS, LoopbackPorts.restartable(), dir.resolve("accounting")),
                    "Accounting consuming", 0);
            ClusterMember node = new ClusterMember(dir, "node1", stratumArgs(broker, bitcoin, pool, port, api,
                    dir.resolve("node1")),
                    "Stratum listening on", api);
            List<String> waiting;
            try {
                accounting.start();
                node.start();
                accounting.awaitReady();
                node.awaitReady();
                Fleet fleet = Fleet.start(runtime, 1, i -> MinerOptions.builder("127.0.0.1", port)
                        .profile(Fleet.mixedProfile(i)).name("m" + i).user("u" + i).hashrate(20_000).build());
                try {
                    Waits.until(() -> "two accepted blocks in PostgreSQL", Duration.ofSeconds(60), Duration.ofMillis(200),
                            () -> count(db, "SELECT COUNT(*) FROM blocks WHERE status = 'ACCEPTED'") >= 2);
                } finally {
                    fleet.stop();
                }
                node.kill();
                waiting = hashes(db, "SELECT hash FROM blocks WHERE status IN " + UNSETTLED);
                assertTrue(waiting.size() >= 2, "blocks awaiting maturity at the kill: " + waiting);

                node.start().awaitReady();
                // At least those PostgreSQL showed unsettled at the kill: the topic may hold a later one that
                // accounting had not stored yet when they were read.
                java.util.regex.Matcher resumed = java.util.regex.Pattern.compile("follows (\\d+) of its blocks again")
                        .matcher(node.logText());
                assertTrue(resumed.find() && Integer.parseInt(resumed.group(1)) >= waiting.size(),
                        "the restarted node took up the " + waiting.size() + " blocks it had found:\n" + node.logText());
                bitcoin.generateToAddress(100, address("elsewhere"));
                Waits.until(() -> "every block settled and credited: " + hashes(db, "SELECT hash || ' ' || status"
                        + " || ' ' || credited FROM blocks WHERE status <> 'SIBLING'") + "\n" + ClusterAudit.tail(node.logText()),
                        Duration.ofSeconds(90), Duration.ofMillis(200),
                        () -> count(db, "SELECT COUNT(*) FROM blocks WHERE status IN " + UNSETTLED
                                + " OR (status = 'CONFIRMED' AND credited = FALSE)") == 0);
                assertTrue(node.stop().contains("stopped"));
                assertTrue(accounting.stop().contains("stopped"));
            } finally {
                node.killQuietly();
                accounting.killQuietly();
            }
            for (String hash : waiting) {
                assertEquals(List.of("CONFIRMED true"), hashes(db, "SELECT status || ' ' || credited FROM blocks"
                        + " WHERE hash = '" + hash + "' AND confirmations >= 100"), "block " + hash);
                assertEquals(0, count(db, "SELECT COUNT(*) FROM (SELECT user_name FROM credits WHERE block_hash = '"
                        + hash + "' GROUP BY user_name HAVING COUNT(*) > 1) twice"), "block " + hash + " credited twice");
            }
            Map<String, Long> credited = balances(db);
            System.out.printf("NodeRestartBlockConfirmationIT: %d blocks awaiting maturity at the kill, confirmed and"
                    + " credited after the restart; balances %s%n", waiting.size(), credited);
            assertFalse(credited.isEmpty(), "nothing credited");
            assertEquals(ClusterAudit.singleProcessBalances(db), credited,
                    "balances as the single-process pool computes them from the same shares and blocks");
        }
    }

    private static List<String> stratumArgs(KafkaBroker broker, BcoinNode bitcoin, String address, int port, int api,
            Path data) {
        List<String> args = new ArrayList<>(List.of("--role", "stratum", "--kafka", broker.bootstrapServers(),
                "--stratum-host", "127.0.0.1", "--stratum-port", Integer.toString(port),
                "--data-dir", data.toString(),
                "--set", "pool.nodeId=1", "--set", "cluster.sharesTopic=" + SHARES, "--set", "cluster.blocksTopic=" + BLOCKS,
                "--set", "api.host=127.0.0.1", "--set", "api.port=" + api,
                "--set", "pool.network=" + Network.BCOIN_REGTEST.name(), "--set", "pool.address=" + address,
                "--set", "node.endpoints[0].name=" + bitcoin.name(), "--set", "node.endpoints[0].url=" + bitcoin.rpcUrl(),
                "--set", "node.endpoints[0].user=pool", "--set", "node.endpoints[0].password=" + BcoinNode.API_KEY,
                "--set", "node.tipDetection.mode=poll", "--set", "node.tipDetection.pollIntervalMillis=100",
                "--set", "node.confirmations.checkIntervalMillis=300",
                "--set", "stratum.ports[0].minDifficulty=0.00001", "--set", "stratum.ports[0].initialDifficulty=0.00001",
                "--set", "stratum.ports[0].maxDifficulty=0.00001", "--set", "stratum.ports[0].vardiff=false"));
        return args;
    }

    /** A bcoin regtest P2WPKH address nobody holds a key for. */
    private static String address(String seed) {
        byte[] program = java.util.Arrays.copyOf(seed.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 20);
        return Bech32.encodeSegwit(Network.BCOIN_REGTEST.bech32Hrp(), 0, program);
    }

    private static List<String> hashes(Database db, String sql) {
        return db.query(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).trim());
                }
            }
            return out;
        });
    }
}

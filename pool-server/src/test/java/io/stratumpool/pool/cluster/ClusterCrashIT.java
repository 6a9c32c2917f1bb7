package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.stratumpool.pool.cluster.ClusterAudit.accepted;
import static io.stratumpool.pool.cluster.ClusterAudit.acknowledged;
import static io.stratumpool.pool.cluster.ClusterAudit.balances;
import static io.stratumpool.pool.cluster.ClusterAudit.count;
import static io.stratumpool.pool.cluster.ClusterAudit.rowsByHash;
import static io.stratumpool.pool.cluster.ClusterAudit.singleProcessBalances;
import static io.stratumpool.pool.cluster.ClusterAudit.tail;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.LedgerConfig;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.KafkaBroker;
import io.stratumpool.pool.testing.LoopbackPorts;
import io.stratumpool.pool.testing.PoolJar;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.ShareListener;
import io.stratumpool.sim.ShareOutcome;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sim.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of the cluster: three {@code stratum} nodes and one {@code accounting} process, each the
 * packaged jar in its own JVM, a real broker and PostgreSQL, simulated miners on every node. At
 * seeded random moments a stratum node, the accounting process or the broker is killed with SIGKILL
 * and started again. Afterwards every share a miner heard {@code true} for is one row, no share
 * answered with an error is stored, every block-solving share stored has its block recorded once, and
 * the balances accounting credited equal those the single-process code path (the database ledger and
 * {@link Accounting}) computes from the same shares and blocks. {@code -Dstratumpool.crash.seed=N}
 * replays a kill schedule; a second node started with a live {@code pool.nodeId} is refused in one line.
 */
@Timeout(400)
class ClusterCrashIT {
    private static final int NODES = 3;
    private static final int MINERS_PER_NODE = 2;
    private static final int KILLS = 5;
    private static final String SHARES = "crash-shares";
    private static final String BLOCKS = "crash-blocks";

    @TempDir
    Path dir;

    @Test
    void killedNodesAccountingAndBrokerLoseNothingAcknowledgedAndCountNothingTwice() throws Exception {
        long seed = Long.getLong("stratumpool.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("ClusterCrashIT: seed " + seed); // replays this kill schedule
        Map<String, ShareOutcome> outcomes = new ConcurrentHashMap<>();
        ShareListener listener = o -> outcomes.putIfAbsent(o.share().hashHex(), o);
        Map<Integer, Long> lastKillMs = new java.util.TreeMap<>();
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka")); TestStore store = TestStore.postgresql();
                Database db = Database.open(store.config()); SimRuntime runtime = new SimRuntime(1, 1)) {
            broker.createTopic(SHARES, 3);
            broker.createTopic(BLOCKS, 1);
            LedgerConfig pg = store.config();
            ClusterMember accounting = new ClusterMember(dir, "accounting", ClusterAudit.accountingArgs(broker, pg, SHARES,
                    BLOCKS, LoopbackPorts.restartable(), dir.resolve("accounting")), "Accounting consuming", 0);
            List<ClusterMember> nodes = new ArrayList<>();
            List<Fleet> fleets = new ArrayList<>();
            List<ClusterMember> members = new ArrayList<>();
            try {
                accounting.start();
                for (int n = 1; n <= NODES; n++) {
                    int port = LoopbackPorts.restartable();
                    int api = LoopbackPorts.restartable();
                    ClusterMember node = new ClusterMember(dir, "node" + n, stratumArgs(broker, n, port, api,
                            dir.resolve("node" + n)), "Stratum listening on", api);
                    nodes.add(node.start());
                    fleets.add(Fleet.start(runtime, MINERS_PER_NODE, i -> MinerOptions.builder("127.0.0.1", port)
                            .profile(Fleet.mixedProfile(i)).name("n" + port + "m" + i).user("u" + i)
                            .hashrate(40_000).reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                            .shareListener(listener).transcriptLimit(100).build()));
                }
                members.addAll(nodes);
                members.add(accounting);
                for (ClusterMember m : members) {
                    m.awaitReady();
                }
                assertDuplicateNodeIdRefused(broker);

                List<String> schedule = new ArrayList<>(List.of("node", "accounting", "broker"));
                while (schedule.size() < KILLS) {
                    schedule.add(List.of("node", "accounting", "broker").get(random.nextInt(3)));
                }
                java.util.Collections.shuffle(schedule, random);
                for (String victim : schedule) {
                    Thread.sleep(1_500 + random.nextInt(2_500));
                    long down = 500 + random.nextInt(2_500);
                    if (victim.equals("broker")) {
                        broker.kill();
                        Thread.sleep(down);
                        broker.start();
                    } else {
                        int index = victim.equals("node") ? random.nextInt(NODES) : -1; // the schedule of a seed stays
                        ClusterMember m = index >= 0 ? nodes.get(index) : accounting;
                        if (index >= 0) {
                            lastKillMs.put(index + 1, System.currentTimeMillis()); // pool.nodeId = index + 1
                        }
                        m.kill();
                        Thread.sleep(down);
                        m.start().awaitReady();
                    }
                    System.out.printf("ClusterCrashIT: killed %s for %d ms, %d shares acknowledged so far%n",
                            victim.equals("node") ? "a stratum node" : victim, down, accepted(outcomes));
                }
                long before = accepted(outcomes);
                Waits.until(() -> "mining to resume after the last restart", Duration.ofSeconds(40),
                        () -> accepted(outcomes) >= before + 100);
            } catch (Throwable e) {
                fleets.forEach(Fleet::stop);
                members.forEach(ClusterMember::killQuietly);
                accounting.killQuietly();
                throw e;
            }
            fleets.forEach(Fleet::stop);
            for (ClusterMember node : nodes) {
                // A node stopped while it still spools keeps those shares on its disk until it starts again.
                Waits.until(() -> node.name + " to drain its spool: " + node.metric("cluster_spool_records"),
                        Duration.ofSeconds(60), Duration.ofMillis(200), () -> node.metric("cluster_spool_records") == 0
                                && node.metric("cluster_spooling") == 0);
            }
            for (ClusterMember node : nodes) {
                assertTrue(node.stop().contains("stopped"), node.name + " stops cleanly (spool drained, lease released)");
            }
            Waits.until(() -> "accounting to store every acknowledged share: " + acknowledged(outcomes).stream()
                    .filter(h -> !rowsByHash(db).containsKey(h)).count() + " missing of " + acknowledged(outcomes).size()
                    + ", accounting log:\n" + tail(accounting.logText()), Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> rowsByHash(db).keySet().containsAll(acknowledged(outcomes)));
            // A killed node's blocks that were waiting for the chain are followed again by its next run
            // (on the sandbox, whose chain died with the process: orphaned), never left waiting.
            Set<String> foundBeforeKill = ClusterAudit.foundBeforeKill(broker, BLOCKS, lastKillMs);
            assertTrue(lastKillMs.isEmpty() || !foundBeforeKill.isEmpty(), "killed nodes had found no block");
            Waits.until(() -> "blocks found before their node's kill to be settled: " + ClusterAudit.unsettled(db,
                    foundBeforeKill), Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> ClusterAudit.unsettled(db, foundBeforeKill).isEmpty());
            System.out.printf("ClusterCrashIT: %d blocks found before their node's kill (nodes %s), all settled%n",
                    foundBeforeKill.size(), lastKillMs.keySet());
            Waits.until(() -> "accounting to credit every confirmed block", Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> count(db, "SELECT COUNT(*) FROM blocks WHERE status = 'CONFIRMED' AND credited = FALSE") == 0);
            Thread.sleep(5_500); // one more credit round (every 5 s), so nothing is half done when accounting stops
            assertTrue(accounting.stop().contains("stopped"));
            verify(db, outcomes, seed);
        }
    }

    private void verify(Database db, Map<String, ShareOutcome> outcomes, long seed) throws Exception {
        Map<String, Integer> rows = rowsByHash(db);
        List<String> missing = acknowledged(outcomes).stream().filter(h -> !rows.containsKey(h)).toList();
        List<String> rejectedStored = outcomes.values().stream()
                .filter(o -> o.result() == ShareOutcome.Result.REJECTED && rows.containsKey(o.share().hashHex()))
                .map(o -> o.share().hashHex() + " (error " + o.errorCode() + ")").toList();
        long twice = rows.values().stream().filter(n -> n > 1).count();
        long blockShares = count(db, "SELECT COUNT(*) FROM shares WHERE is_block = TRUE");
        long blockShareWithoutBlock = count(db, "SELECT COUNT(*) FROM shares s WHERE s.is_block = TRUE"
                + " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.hash = s.hash)");
        long blocks = count(db, "SELECT COUNT(*) FROM blocks");
        long confirmed = count(db, "SELECT COUNT(*) FROM blocks WHERE status = 'CONFIRMED'");
        long unanswered = outcomes.values().stream().filter(o -> o.result() == ShareOutcome.Result.UNANSWERED).count();
        Map<String, Long> cluster = balances(db);
        Map<String, Long> single = singleProcessBalances(db);
        System.out.printf("ClusterCrashIT (seed %d): %d shares acknowledged, %d rejected, %d unanswered; %d rows;"
                + " %d block shares, %d blocks (%d confirmed); balances %s%n", seed, acknowledged(outcomes).size(),
                outcomes.values().stream().filter(o -> o.result() == ShareOutcome.Result.REJECTED).count(), unanswered,
                rows.size(), blockShares, blocks, confirmed, cluster);
        assertEquals(List.of(), missing.subList(0, Math.min(10, missing.size())), "acknowledged but not stored (seed " + seed + ")");
        assertEquals(List.of(), rejectedStored.subList(0, Math.min(10, rejectedStored.size())), "rejected but stored");
        assertEquals(0, twice, "a share stored twice");
        assertEquals(0, blockShareWithoutBlock, "a block-solving share without its block record");
        assertTrue(acknowledged(outcomes).size() >= 500, "too few shares to prove anything");
        assertTrue(confirmed > 0, "no block matured, so no balance was computed");
        assertEquals(single, cluster, "balances as the single-process pool computes them from the same shares and blocks");
    }

    private List<String> stratumArgs(KafkaBroker broker, int nodeId, int port, int apiPort, Path data) {
        return ClusterAudit.stratumArgs(broker, SHARES, BLOCKS, nodeId, port, apiPort, data);
    }

    /** A node taking an id that is live is refused with one line, and exits. */
    private void assertDuplicateNodeIdRefused(KafkaBroker broker) throws Exception {
        PoolJar.Result refused = PoolJar.with(stratumArgs(broker, 1, LoopbackPorts.restartable(), LoopbackPorts.restartable(),
                dir.resolve("impostor"))
                .toArray(String[]::new)).run(dir.resolve("impostor.log"));
        List<String> errors = refused.lines().stream().filter(l -> l.startsWith("stratumpool: ")).toList();
        System.out.println("ClusterCrashIT: " + errors);
        assertEquals(1, refused.exit(), refused.output());
        assertEquals(1, errors.size(), refused.output());
        assertTrue(errors.get(0).startsWith("stratumpool: startup failed: pool.nodeId: 1 is live on another stratum node"),
                errors.get(0));
    }
}

package io.stratumpool.pool.cluster;

import static io.stratumpool.pool.cluster.ClusterAudit.accepted;
import static io.stratumpool.pool.cluster.ClusterAudit.acknowledged;
import static io.stratumpool.pool.cluster.ClusterAudit.balances;
import static io.stratumpool.pool.cluster.ClusterAudit.count;
import static io.stratumpool.pool.cluster.ClusterAudit.rowsByHash;
import static io.stratumpool.pool.cluster.ClusterAudit.singleProcessBalances;
import static io.stratumpool.pool.cluster.ClusterAudit.tail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.LedgerConfig;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.KafkaBroker;
import io.stratumpool.pool.testing.LoopbackPorts;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.ShareListener;
import io.stratumpool.sim.ShareOutcome;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sim.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code stratum} nodes and two {@code accounting} processes in one consumer group, each the
 * packaged jar in its own JVM, simulated miners on both nodes. First one accounting process is
 * killed with SIGKILL and stays dead: its partitions move to the survivor, which stores every share
 * acknowledged so far. Then the broker is killed for 30 s while the miners keep mining: the nodes
 * keep answering {@code true} from their spools, and once the broker is back the spools drain to 0.
 * Afterwards every acknowledged share is one row, no refused one is stored, and the balances equal
 * those the single-process pool computes from the same shares and blocks.
 */
@Timeout(300)
class BrokerOutageIT {
    private static final int NODES = 2;
    private static final int MINERS_PER_NODE = 2;
    private static final long OUTAGE_MILLIS = 30_000;
    private static final String SHARES = "outage-shares";
    private static final String BLOCKS = "outage-blocks";

    @TempDir
    Path dir;

    @Test
    void minersKeepHearingTrueThroughA30SecondBrokerOutageAndASurvivingAccountingProcessStoresEverythingOnce()
            throws Exception {
        Map<String, ShareOutcome> outcomes = new ConcurrentHashMap<>();
        ShareListener listener = o -> outcomes.putIfAbsent(o.share().hashHex(), o);
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka")); TestStore store = TestStore.postgresql();
                Database db = Database.open(store.config()); SimRuntime runtime = new SimRuntime(1, 1)) {
            broker.createTopic(SHARES, 4);
            broker.createTopic(BLOCKS, 1);
            LedgerConfig pg = store.config();
            List<ClusterMember> accounting = new ArrayList<>();
            List<ClusterMember> nodes = new ArrayList<>();
            List<Fleet> fleets = new ArrayList<>();
            for (int a = 1; a <= 2; a++) {
                int api = LoopbackPorts.restartable();
                accounting.add(new ClusterMember(dir, "accounting" + a, ClusterAudit.accountingArgs(broker, pg, SHARES, BLOCKS,
                        api, dir.resolve("accounting" + a), "--set", "cluster.consumerInstanceId=accounting-" + a,
                        "--set", "cluster.consumerSessionTimeoutMillis=6000"), "Accounting consuming", api));
            }
            List<ClusterMember> all = new ArrayList<>(accounting);
            try {
                for (ClusterMember m : accounting) {
                    m.start();
                }
                for (int n = 1; n <= NODES; n++) {
                    int port = LoopbackPorts.restartable();
                    int api = LoopbackPorts.restartable();
                    ClusterMember node = new ClusterMember(dir, "node" + n, ClusterAudit.stratumArgs(broker, SHARES, BLOCKS, n,
                            port, api, dir.resolve("node" + n)), "Stratum listening on", api);
                    nodes.add(node.start());
                    all.add(node);
                    fleets.add(Fleet.start(runtime, MINERS_PER_NODE, i -> MinerOptions.builder("127.0.0.1", port)
                            .profile(Fleet.mixedProfile(i)).name("n" + port + "m" + i).user("u" + i)
                            .hashrate(40_000).reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                            .shareListener(listener).transcriptLimit(100).build()));
                }
                for (ClusterMember m : all) {
                    m.awaitReady();
                }
                String stored = "cluster_consumed_new_shares_total";
                Waits.until(() -> "both accounting processes to store shares of their partitions: "
                        + accounting.get(0).metric(stored) + " / " + accounting.get(1).metric(stored),
                        Duration.ofSeconds(60), Duration.ofMillis(200),
                        () -> accounting.get(0).metric(stored) > 0 && accounting.get(1).metric(stored) > 0);
                long beforeKill = accepted(outcomes);
                long survivorBefore = (long) accounting.get(0).metric(stored);
                accounting.get(1).kill();
                List<String> ackedAtKill = acknowledged(outcomes);
                Waits.until(() -> "the survivor to take the killed process's partitions and store every share"
                        + " acknowledged before the kill: " + ackedAtKill.stream().filter(h -> !rowsByHash(db).containsKey(h))
                        .count() + " missing, survivor log:\n" + tail(accounting.get(0).logText()),
                        Duration.ofSeconds(60), Duration.ofMillis(200),
                        () -> rowsByHash(db).keySet().containsAll(ackedAtKill));
                long survivorAfter = (long) accounting.get(0).metric(stored);
                System.out.printf("BrokerOutageIT: accounting2 killed at %d acknowledged shares; the survivor stored %d"
                        + " before and %d by the time all of them were rows%n", beforeKill, survivorBefore, survivorAfter);

                broker.kill();
                Instant down = Instant.now();
                Thread.sleep(OUTAGE_MILLIS);
                Instant up = Instant.now();
                long answeredTrueDuringOutage = outcomes.values().stream().filter(o -> o.accepted()
                        && !o.answeredAt().isBefore(down) && o.answeredAt().isBefore(up)).count();
                Map<Integer, Long> refusedDuringOutage = outcomes.values().stream().filter(o -> o.result()
                        == ShareOutcome.Result.REJECTED && !o.answeredAt().isBefore(down) && o.answeredAt().isBefore(up))
                        .collect(java.util.stream.Collectors.groupingBy(ShareOutcome::errorCode,
                                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
                double[] spoolAtEnd = nodes.stream().mapToDouble(n -> n.metric("cluster_spool_records")).toArray();
                double[] spoolingAtEnd = nodes.stream().mapToDouble(n -> n.metric("cluster_spooling")).toArray();
                broker.start();
                System.out.printf("BrokerOutageIT: broker down %.1f s: %d shares answered true meanwhile, refused by"
                        + " error code %s (21: stale after a found block);"
                        + " spool records at the end of the outage %s%n", Duration.between(down, up).toMillis() / 1e3,
                        answeredTrueDuringOutage, refusedDuringOutage, java.util.Arrays.toString(spoolAtEnd));
                assertTrue(answeredTrueDuringOutage >= 500, "miners kept hearing true while the broker was down: "
                        + answeredTrueDuringOutage);
                assertEquals(null, refusedDuringOutage.get(20), "no share refused for want of a durable store (error 20)");
                for (int n = 0; n < NODES; n++) {
                    assertEquals(1.0, spoolingAtEnd[n], nodes.get(n).name + " was spooling at the end of the outage");
                    assertTrue(spoolAtEnd[n] > 0, nodes.get(n).name + " had shares in its spool");
                }
                long atRestart = accepted(outcomes);
                Waits.until(() -> "mining to go on after the broker returned", Duration.ofSeconds(40),
                        () -> accepted(outcomes) >= atRestart + 200);
            } catch (Throwable e) {
                fleets.forEach(Fleet::stop);
                all.forEach(ClusterMember::killQuietly);
                throw e;
            }
            fleets.forEach(Fleet::stop);
            for (ClusterMember node : nodes) {
                Waits.until(() -> node.name + " to drain its spool: " + node.metric("cluster_spool_records"),
                        Duration.ofSeconds(60), Duration.ofMillis(200), () -> node.metric("cluster_spool_records") == 0
                                && node.metric("cluster_spooling") == 0);
                assertEquals(node.metric("cluster_shares_spooled_total"), node.metric("cluster_shares_drained_total"),
                        node.name + ": every spooled share drained");
            }
            for (ClusterMember node : nodes) {
                assertTrue(node.stop().contains("stopped"), node.name + " stops cleanly");
            }
            ClusterMember survivor = accounting.get(0);
            Waits.until(() -> "the survivor to store every acknowledged share: " + acknowledged(outcomes).stream()
                    .filter(h -> !rowsByHash(db).containsKey(h)).count() + " missing of " + acknowledged(outcomes).size()
                    + ", log:\n" + tail(survivor.logText()), Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> rowsByHash(db).keySet().containsAll(acknowledged(outcomes)));
            Waits.until(() -> "the survivor to credit every confirmed block", Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> count(db, "SELECT COUNT(*) FROM blocks WHERE status = 'CONFIRMED' AND credited = FALSE") == 0);
            Thread.sleep(5_500); // one more credit round (every 5 s), so nothing is half done when accounting stops
            assertTrue(survivor.stop().contains("stopped"));
            verify(db, outcomes);
        }
    }

    private static void verify(Database db, Map<String, ShareOutcome> outcomes) throws Exception {
        Map<String, Integer> rows = rowsByHash(db);
        List<String> missing = acknowledged(outcomes).stream().filter(h -> !rows.containsKey(h)).toList();
        List<String> refusedStored = outcomes.values().stream()
                .filter(o -> o.result() == ShareOutcome.Result.REJECTED && rows.containsKey(o.share().hashHex()))
                .map(o -> o.share().hashHex() + " (error " + o.errorCode() + ")").toList();
        long twice = rows.values().stream().filter(n -> n > 1).count();
        long blockShareWithoutBlock = count(db, "SELECT COUNT(*) FROM shares s WHERE s.is_block = TRUE"
                + " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.hash = s.hash)");
        long confirmed = count(db, "SELECT COUNT(*) FROM blocks WHERE status = 'CONFIRMED'");
        Map<String, Long> cluster = balances(db);
        Map<String, Long> single = singleProcessBalances(db);
        System.out.printf("BrokerOutageIT: %d shares acknowledged, %d refused (stale, duplicate, low difficulty…),"
                + " %d unanswered; %d rows; %d blocks"
                + " (%d confirmed); balances %s%n", acknowledged(outcomes).size(),
                outcomes.values().stream().filter(o -> o.result() == ShareOutcome.Result.REJECTED).count(),
                outcomes.values().stream().filter(o -> o.result() == ShareOutcome.Result.UNANSWERED).count(),
                rows.size(), count(db, "SELECT COUNT(*) FROM blocks"), confirmed, cluster);
        assertEquals(List.of(), missing.subList(0, Math.min(10, missing.size())), "acknowledged but not stored");
        assertEquals(List.of(), refusedStored.subList(0, Math.min(10, refusedStored.size())), "refused but stored");
        assertEquals(0, twice, "a share stored twice");
        assertEquals(0, blockShareWithoutBlock, "a block-solving share without its block record");
        assertTrue(confirmed > 0, "no block matured, so no balance was computed");
        assertEquals(single, cluster, "balances as the single-process pool computes them from the same shares and blocks");
    }
}

package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.stratumpool.pool.testing.LoopbackPorts;
import io.stratumpool.pool.testing.PoolJar;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.ShareListener;
import io.stratumpool.sim.ShareOutcome;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sim.Waits;
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
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka")); TestStore store = TestStore.postgresql();
                Database db = Database.open(store.config()); SimRuntime runtime = new SimRuntime(1, 1)) {
            broker.createTopic(SHARES, 3);
            broker.createTopic(BLOCKS, 1);
            LedgerConfig pg = store.config();
            Member accounting = new Member("accounting", List.of("--role", "accounting", "--kafka", broker.bootstrapServers(),
                    "--set", "ledger.store=postgresql", "--set", "ledger.url=" + pg.url(), "--set", "ledger.user=" + pg.user(),
                    "--set", "ledger.password=" + pg.password(), "--set", "ledger.schema=" + pg.schema(),
                    "--set", "payout.scheme=pplns", "--set", "api.host=127.0.0.1",
                    "--set", "cluster.sharesTopic=" + SHARES, "--set", "cluster.blocksTopic=" + BLOCKS,
                    "--set", "api.port=" + LoopbackPorts.restartable(), "--data-dir", dir.resolve("accounting").toString()),
                    "Accounting consuming");
            List<Member> nodes = new ArrayList<>();
            List<Fleet> fleets = new ArrayList<>();
            List<Member> members = new ArrayList<>();
            try {
                accounting.start();
                for (int n = 1; n <= NODES; n++) {
                    int port = LoopbackPorts.restartable();
                    int api = LoopbackPorts.restartable();
                    Member node = new Member("node" + n, stratumArgs(broker, n, port, api, dir.resolve("node" + n)),
                            "Stratum listening on");
                    node.apiPort = api;
                    nodes.add(node.start());
                    fleets.add(Fleet.start(runtime, MINERS_PER_NODE, i -> MinerOptions.builder("127.0.0.1", port)
                            .profile(Fleet.mixedProfile(i)).name("n" + port + "m" + i).user("u" + i)
                            .hashrate(40_000).reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                            .shareListener(listener).transcriptLimit(100).build()));
                }
                members.addAll(nodes);
                members.add(accounting);
                for (Member m : members) {
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
                        Member m = victim.equals("node") ? nodes.get(random.nextInt(NODES)) : accounting;
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
                members.forEach(Member::killQuietly);
                accounting.killQuietly();
                throw e;
            }
            fleets.forEach(Fleet::stop);
            for (Member node : nodes) {
                // A node stopped while it still spools keeps those shares on its disk until it starts again.
                Waits.until(() -> node.name + " to drain its spool: " + node.metric("cluster_spool_records"),
                        Duration.ofSeconds(60), Duration.ofMillis(200), () -> node.metric("cluster_spool_records") == 0
                                && node.metric("cluster_spooling") == 0);
            }
            for (Member node : nodes) {
                assertTrue(node.stop().contains("stopped"), node.name + " stops cleanly (spool drained, lease released)");
            }
            Waits.until(() -> "accounting to store every acknowledged share: " + acknowledged(outcomes).stream()
                    .filter(h -> !rowsByHash(db).containsKey(h)).count() + " missing of " + acknowledged(outcomes).size()
                    + ", accounting log:\n" + tail(PoolJar.read(accounting.log())), Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> rowsByHash(db).keySet().containsAll(acknowledged(outcomes)));
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

    /** The same share rows, in the same order, through the single-process ledger and accounting, on a fresh schema. */
    private static Map<String, Long> singleProcessBalances(Database cluster) throws Exception {
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
                List<java.util.concurrent.CompletableFuture<Void>> chunk = new ArrayList<>();
                for (ShareRecord s : shares) {
                    chunk.add(ledger.append(s));
                    if (chunk.size() == 2_000) {
                        chunk.get(chunk.size() - 1).get(30, TimeUnit.SECONDS);
                        chunk.clear();
                    }
                }
                java.util.concurrent.CompletableFuture.allOf(chunk.toArray(java.util.concurrent.CompletableFuture[]::new))
                        .get(30, TimeUnit.SECONDS);
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

    private static Map<String, Long> balances(Database db) {
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

    private static Map<String, Integer> rowsByHash(Database db) {
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

    private static String tail(String text) {
        return text.length() > 3_000 ? "…" + text.substring(text.length() - 3_000) : text;
    }

    private static long count(Database db, String sql) {
        return db.query(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static List<String> acknowledged(Map<String, ShareOutcome> outcomes) {
        return outcomes.values().stream().filter(ShareOutcome::accepted).map(o -> o.share().hashHex()).toList();
    }

    private static long accepted(Map<String, ShareOutcome> outcomes) {
        return outcomes.values().stream().filter(ShareOutcome::accepted).count();
    }

    private List<String> stratumArgs(KafkaBroker broker, int nodeId, int port, int apiPort, Path data) {
        return List.of("--role", "stratum", "--kafka", broker.bootstrapServers(), "--stratum-host", "127.0.0.1",
                "--stratum-port", Integer.toString(port), "--data-dir", data.toString(),
                "--set", "pool.nodeId=" + nodeId, "--set", "cluster.sharesTopic=" + SHARES,
                "--set", "cluster.blocksTopic=" + BLOCKS, "--set", "cluster.ackTimeoutMillis=4000",
                "--set", "api.host=127.0.0.1", "--set", "api.port=" + apiPort,
                "--set", "sandbox.networkDifficulty=0.000005",
                "--set", "stratum.ports[0].minDifficulty=0.00000025", "--set", "stratum.ports[0].initialDifficulty=0.0000005",
                "--set", "stratum.ports[0].maxDifficulty=0.0000005", "--set", "stratum.ports[0].vardiff=false");
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

    /** One process of the cluster: the packaged jar with fixed arguments, started again after each kill. */
    private final class Member {
        final String name;
        final List<String> args;
        final String readyLine;
        Process process;
        int incarnation;
        int apiPort;

        Member(String name, List<String> args, String readyLine) {
            this.name = name;
            this.args = args;
            this.readyLine = readyLine;
        }

        Member start() throws Exception {
            incarnation++;
            process = PoolJar.with(args.toArray(String[]::new)).start(log());
            return this;
        }

        /** One unlabelled series of this member's /metrics (-1 while it does not answer). */
        double metric(String series) {
            try {
                String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + apiPort + "/metrics")).timeout(Duration.ofSeconds(5))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(
                        l -> Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst().orElse(-1);
            } catch (Exception e) {
                return -1;
            }
        }

        Path log() {
            return dir.resolve(name + "-" + incarnation + ".log");
        }

        void awaitReady() throws InterruptedException {
            Process p = process;
            Waits.until(() -> name + " to start:\n" + PoolJar.read(log()), Duration.ofSeconds(60), Duration.ofMillis(100),
                    () -> {
                        if (!p.isAlive()) {
                            throw new AssertionError(name + " exited:\n" + PoolJar.read(log()));
                        }
                        return PoolJar.read(log()).contains(readyLine);
                    });
        }

        void killQuietly() {
            if (process != null) {
                process.destroyForcibly();
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }

        String stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not stop on SIGTERM:\n" + PoolJar.read(log()));
            }
            return PoolJar.read(log());
        }
    }
}

package io.stratumpool.pool.node;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.config.ConfigLoader;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.server.PoolServer;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Hash256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The whole pool in-process against a real bcoin node: configured through {@link ConfigLoader}
 * overrides exactly as {@code --set} would, Stratum on a loopback port the OS picks, the default
 * SQLite ledger in a temporary directory, simulated miners over real sockets. Closing it stops the
 * miners and the pool; the node belongs to the test class.
 */
final class NodePool implements AutoCloseable {
    /** The confirmation tracker's interval here: fast, so lost block races are settled within a second. */
    static final long TRACKER_INTERVAL_MILLIS = 300;
    /** Blocks the node has in its chain: what "accepted" means once the pool's records have settled. */
    static final Set<BlockStatus> IN_CHAIN = EnumSet.of(BlockStatus.ACCEPTED, BlockStatus.CONFIRMED);
    private static final Set<BlockStatus> UNDECIDED = EnumSet.of(BlockStatus.FOUND, BlockStatus.SUBMITTED);

    final BcoinNode node;
    final PoolServer pool;
    final SimRuntime sims = new SimRuntime(1, 2);
    private final Path dataDir;

    private NodePool(BcoinNode node, Path dataDir, PoolConfig config, Parts parts) throws InterruptedException {
        this.node = node;
        this.dataDir = dataDir;
        PoolServer started = null;
        try {
            started = parts.choose(config, PoolServer.builder(config).workerThreads(1)).start();
            PoolServer p = started;
            Waits.until(() -> "a job from " + node, Duration.ofSeconds(15), () -> p.jobs().current() != null);
        } catch (RuntimeException | InterruptedException | Error e) {
            sims.close();
            if (started != null) {
                started.close();
            }
            throw e;
        }
        this.pool = started;
    }

    /** Chooses parts of the pool (a template source of its own, …) once the configuration is known. */
    @FunctionalInterface
    interface Parts {
        PoolServer.Builder choose(PoolConfig config, PoolServer.Builder builder);
    }

    /** The pool paying {@code address}, with the settings below changed by {@code extra} ({@code --set} paths). */
    static NodePool start(BcoinNode node, String address, Map<String, String> extra) throws InterruptedException {
        return start(node, address, extra, (config, builder) -> builder);
    }

    /** As above, with parts of the pool chosen by the test. */
    static NodePool start(BcoinNode node, String address, Map<String, String> extra, Parts parts)
            throws InterruptedException {
        Path dir = tempDir();
        Map<String, String> overrides = new HashMap<>(Map.ofEntries(
                Map.entry("stratum.host", "127.0.0.1"),
                Map.entry("stratum.ports[0].port", "0"),
                Map.entry("stratum.v2.ports[0].port", "0"),
                Map.entry("pool.network", RegtestPayouts.NETWORK.name()),
                Map.entry("pool.address", address),
                Map.entry("pool.tag", "/stratumpool-it/"),
                Map.entry("ledger.dataDir", dir.toString()),
                Map.entry("api.host", "127.0.0.1"),
                Map.entry("api.port", "0"),
                Map.entry("node.endpoints[0].name", node.name()),
                Map.entry("node.endpoints[0].url", node.rpcUrl()),
                Map.entry("node.endpoints[0].user", "pool"),
                Map.entry("node.endpoints[0].password", BcoinNode.API_KEY),
                Map.entry("node.endpoints[0].connectTimeoutMillis", "1000"),
                Map.entry("node.endpoints[0].requestTimeoutMillis", "5000"),
                Map.entry("node.tipDetection.mode", "poll"),
                Map.entry("node.tipDetection.pollIntervalMillis", "100"),
                Map.entry("node.retry.initialBackoffMillis", "100"),
                Map.entry("node.retry.maxBackoffMillis", "500"),
                Map.entry("node.confirmations.checkIntervalMillis", String.valueOf(TRACKER_INTERVAL_MILLIS))));
        overrides.putAll(extra);
        try {
            return new NodePool(node, dir, ConfigLoader.load(null, overrides), parts);
        } catch (RuntimeException | InterruptedException | Error e) {
            deleteTree(dir);
            throw e;
        }
    }

    int port() {
        return pool.stratumPort(0);
    }

    /** The pool's SQLite ledger, for a test to read what the pool recorded. */
    String ledgerJdbcUrl() {
        return "jdbc:sqlite:" + dataDir.resolve("ledger.db").toAbsolutePath();
    }

    NodeTemplateSource source() {
        return (NodeTemplateSource) pool.templateSource();
    }

    MinerOptions.Builder miner(int index, double hashrate) {
        FirmwareProfile profile = Fleet.mixedProfile(index);
        return MinerOptions.builder("127.0.0.1", port()).profile(profile).user("it.rig" + index)
                .name(profile.name().toLowerCase() + "-" + index).hashrate(hashrate);
    }

    /** How far the node's chain grew (from {@code startHeight}) while a fleet mined. */
    record ChainGrowth(long startHeight, long blocks, double seconds) {
        double rate() {
            return blocks / seconds;
        }
    }

    /** Waits until every miner of the fleet mines, lets it mine for {@code run}, stops it: the chain's growth meanwhile. */
    ChainGrowth mineFor(Fleet fleet, Duration run) throws InterruptedException {
        try {
            if (!fleet.awaitAllMining(Duration.ofSeconds(20))) {
                throw new AssertionError("miners: " + fleet.miners());
            }
            long before = node.getBlockCount();
            long started = System.nanoTime();
            Thread.sleep(run.toMillis());
            return new ChainGrowth(before, node.getBlockCount() - before, (System.nanoTime() - started) / 1e9);
        } finally {
            fleet.stop();
        }
    }

    /** {@code count} miners of mixed firmware, each limited to {@code hashrate} hashes per second. */
    Fleet fleet(int count, double hashrate) {
        return Fleet.start(sims, count, i -> miner(i, hashrate).build());
    }

    /** Miners that connect and take jobs but never hash on their own. */
    List<SimMiner> idleMiners(int count) {
        List<SimMiner> miners = IntStream.range(0, count)
                .mapToObj(i -> new SimMiner(sims, miner(i, 0).mining(false).build())).toList();
        miners.forEach(SimMiner::start);
        return miners;
    }

    List<BlockRecord> blocks() {
        return pool.blocks().recent(100_000);
    }

    List<BlockRecord> blocks(Set<BlockStatus> statuses) {
        return blocks().stream().filter(b -> statuses.contains(b.status()))
                .sorted(Comparator.comparing(BlockRecord::height)).toList();
    }

    long inChainCount() {
        return blocks(IN_CHAIN).size();
    }

    /**
     * Waits until no block is still being submitted and the confirmation tracker has had time for
     * two passes since: by then a block the node took on a side branch (it lost the race to another
     * of our blocks at its height) is ORPHANED, and the records can be compared with the chain.
     */
    void awaitSettled() throws InterruptedException {
        Waits.until(() -> "no block still being submitted; undecided: " + blocks(UNDECIDED), Duration.ofSeconds(15),
                () -> blocks(UNDECIDED).stream().allMatch(b -> b.height() > node.getBlockCount()));
        Thread.sleep(3 * TRACKER_INTERVAL_MILLIS);
    }

    /** Hash of the node's main-chain block at {@code height}, in the pool's byte order. */
    Hash256 chainHash(long height) {
        return Hash256.fromHexReversed(node.getBlockHash(height));
    }

    @Override
    public void close() {
        try {
            sims.close();
        } finally {
            pool.close();
            deleteTree(dataDir);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("stratumpool-nodeit-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}

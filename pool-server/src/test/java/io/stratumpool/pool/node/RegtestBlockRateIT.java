package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.SimMiner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Found-block storms: at regtest difficulty every share at the pool's assigned difficulty is a
 * block, and simulated miners hashing a few hundred times a second find far more blocks than the
 * chain can take. For {@link #RUN} in each tip-detection mode the pool must keep the chain growing
 * steadily (at least {@link #MIN_BLOCKS_PER_SECOND}, printed as measured for BENCHMARKS.md), never
 * mark the node down, submit at most one block per height (the rest are credited as shares and kept
 * as sibling candidates), have every block it submitted accepted into the chain, and never drop a miner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RegtestBlockRateIT {
    /** 15 s per mode in the suite; BENCHMARKS.md's figures come from {@code -Dblockrate.seconds=30}. */
    static final Duration RUN = Duration.ofSeconds(Integer.getInteger("blockrate.seconds", 15));
    static final double MIN_BLOCKS_PER_SECOND = 1.0;
    private static final int MINERS = 3;
    /** Hashes per second per miner: about half are blocks at regtest difficulty. */
    private static final double HASHRATE = 100;
    private final String address = RegtestPayouts.p2wpkh("block-rate").address();
    private final List<String> table = new ArrayList<>();
    private BcoinNode node;

    @BeforeAll
    void startNode() throws Exception {
        node = BcoinNode.startPastHeight16("blockrate", address);
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
        System.out.println("[block rate] regtest difficulty, " + MINERS + " simulated miners at " + HASHRATE
                + " H/s each, " + RUN.toSeconds() + " s per mode\n"
                + "| tip detection | chain growth | blocks/s | solutions found | submitted | held back as siblings |"
                + " node-down events | tip-detection fallbacks |\n|---|---|---|---|---|---|---|---|\n"
                + String.join("\n", table));
    }

    @Test
    void pollMode() throws Exception {
        run("poll (100 ms)", Map.of("node.tipDetection.mode", "poll"));
    }

    @Test
    void longPollMode() throws Exception {
        run("longpoll", Map.of("node.tipDetection.mode", "longpoll"));
    }

    @Test
    void zmqMode() throws Exception {
        try (ZmqTipPublisher zmq = new ZmqTipPublisher(node)) {
            run("zmq hashblock", Map.of("node.tipDetection.mode", "zmq", "node.tipDetection.zmqEndpoint", zmq.endpoint()));
        }
    }

    private void run(String mode, Map<String, String> tipDetection) throws Exception {
        Map<String, String> overrides = new HashMap<>(tipDetection);
        overrides.put("node.refreshIntervalMillis", "120000"); // only tips make new work in this run
        try (NodePool p = NodePool.start(node, address, overrides)) {
            Fleet fleet = p.fleet(MINERS, HASHRATE);
            NodePool.ChainGrowth growth = p.mineFor(fleet, RUN);
            p.awaitSettled();
            NodeSourceStats stats = p.source().stats();
            List<BlockRecord> blocks = p.blocks();
            List<BlockRecord> submitted = blocks.stream().filter(b -> b.status() != BlockStatus.SIBLING).toList();
            long siblings = blocks.size() - submitted.size();
            double rate = growth.rate();
            table.add(String.format("| %s | %d blocks in %.1f s | %.2f | %d | %d | %d | %d | %d |", mode, growth.blocks(),
                    growth.seconds(), rate, blocks.size(), submitted.size(), siblings, stats.nodeDownEvents(),
                    stats.tipDetectionFailures()));
            System.out.println("[block rate] " + table.get(table.size() - 1) + "; source " + stats + "; fleet "
                    + fleet.counters());

            assertEquals(0, stats.nodeDownEvents(), () -> "the node was marked down: " + stats);
            assertTrue(rate >= MIN_BLOCKS_PER_SECOND, () -> String.format("chain grew %.2f blocks/s (%d in %.1f s)",
                    rate, growth.blocks(), growth.seconds()));
            Map<Long, List<BlockRecord>> byHeight = submitted.stream().collect(Collectors.groupingBy(BlockRecord::height));
            byHeight.forEach((height, atHeight) -> assertEquals(1, atHeight.size(),
                    () -> "blocks submitted at height " + height + ": " + atHeight));
            assertEquals(List.of(), p.blocks(EnumSet.of(BlockStatus.REJECTED, BlockStatus.ORPHANED, BlockStatus.FOUND,
                    BlockStatus.SUBMITTED)), "every submitted block is in the chain");
            ChainAudit.assertRecordsMatchChain(p, heightAtPoolStart(p, growth.startHeight()));
            assertTrue(siblings > 0, "the storm was real: further solutions on the same parent were held back");
            for (SimMiner m : fleet.miners()) {
                assertEquals(1, m.connections(), () -> m.name() + " was disconnected: " + m.failure());
            }
            assertTrue(fleet.failures().isEmpty(), () -> "firmware failures: " + fleet.failures());
        }
    }

    /** The node's height before the pool's first block: the records of this run are compared from there. */
    private static long heightAtPoolStart(NodePool p, long fallback) {
        return p.blocks(NodePool.IN_CHAIN).stream().mapToLong(BlockRecord::height).min().orElse(fallback + 1) - 1;
    }
}

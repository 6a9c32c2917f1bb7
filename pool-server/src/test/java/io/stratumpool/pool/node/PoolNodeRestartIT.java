package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.node.RegtestPayouts.Payout;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * bcoin is killed with SIGKILL while simulated miners mine through the pool, and restarted on the
 * same data directory and ports. Meanwhile miners keep their connections and the last job, and
 * their shares are still accepted; blocks found then reach no node and are never recorded as
 * accepted. Once the node is back the pool picks it up by itself, jobs flow again, blocks are
 * accepted again, and every block the pool records as accepted is on the node's chain, built on
 * the tip of its time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolNodeRestartIT {
    private static final Duration BOUND = Duration.ofSeconds(20);
    /** A block found this long after the kill cannot have reached the node before it died. */
    private static final Duration AFTER_KILL = Duration.ofMillis(500);

    @Test
    void poolRecoversByItselfAndNeverCountsABlockTheNodeDoesNotHave() throws Exception {
        Payout payout = RegtestPayouts.p2pkh("restart");
        try (BcoinNode node = BcoinNode.start("restart")) {
            node.generateToAddress(1, payout.address());
            long before = node.getBlockCount();
            try (NodePool p = NodePool.start(node, payout.address(), Map.of())) {
                Fleet fleet = p.fleet(3, 2);
                try {
                    Waits.until(() -> "five blocks before the kill; blocks: " + p.blocks(), BOUND,
                            () -> node.getBlockCount() - before >= 5);

                    Instant killed = Instant.now();
                    node.kill();
                    Waits.until(() -> "node-down", BOUND, () -> p.source().stats().nodeDownEvents() == 1);
                    Thread.sleep(Math.max(0, Duration.between(Instant.now(), killed.plus(AFTER_KILL)).toMillis()));
                    // Shares keep coming and keep being acknowledged on the last job while the node is gone;
                    // at regtest's difficulty each of them is a block, which can reach no node.
                    long acceptedInOutage = fleet.counters().accepted();
                    Waits.until(() -> "shares while the node is down: " + fleet.counters(), BOUND,
                            () -> fleet.counters().accepted() >= acceptedInOutage + 5);
                    Instant restarted = Instant.now();
                    node.restart();

                    long afterRestart = node.getBlockCount();
                    Waits.until(() -> "blocks after the restart: " + p.blocks(), BOUND,
                            () -> node.getBlockCount() >= afterRestart + 5);
                    assertJobsFlowedAfter(restarted, fleet);
                    assertTrue(p.source().activeNode().isPresent(), "the node is serving again");
                    assertEquals(1, p.source().stats().nodeDownEvents(), () -> p.source().stats().toString());
                    fleet.stop();
                    p.awaitSettled();

                    List<BlockRecord> accepted = ChainAudit.assertRecordsMatchChain(p, before);
                    accepted.forEach(b -> ChainAudit.assertCoinbase(p, b, payout));
                    assertNoneAcceptedFromTheOutage(p, killed.plus(AFTER_KILL), restarted);
                    fleet.miners().forEach(m -> assertEquals(Optional.empty(), m.failure(), m::toString));
                    System.out.printf("[restart] %d blocks accepted, outage blocks %s, all blocks by status %s; source %s%n",
                            accepted.size(), foundBetween(p, killed.plus(AFTER_KILL), restarted).stream()
                                    .map(BlockRecord::status).toList(), byStatus(p), p.source().stats());
                } finally {
                    fleet.stop();
                }
            }
        }
    }

    /** Every miner was sent work after the restart, on the connection it had all along. */
    private static void assertJobsFlowedAfter(Instant restarted, Fleet fleet) {
        for (SimMiner m : fleet.miners()) {
            assertTrue(Notifies.of(m).stream().anyMatch(r -> r.at().isAfter(restarted)), () -> m + " got no job after the restart");
            assertEquals(SimMiner.State.MINING, m.state(), m::toString);
        }
    }

    /**
     * Blocks found while the node was down were counted only if the submitter's retries reached the
     * node once it was back (then the chain audit above found them in the node's chain); none was
     * counted while no node could have taken it.
     */
    private static void assertNoneAcceptedFromTheOutage(NodePool p, Instant from, Instant to) {
        List<BlockRecord> outage = foundBetween(p, from, to);
        assertTrue(!outage.isEmpty(), "the miners kept finding blocks while the node was down");
        assertTrue(outage.stream().filter(b -> NodePool.IN_CHAIN.contains(b.status())).allMatch(b -> !b.updatedAt().isBefore(to)),
                () -> "outage blocks counted before the node was back: " + outage);
    }

    private static List<BlockRecord> foundBetween(NodePool p, Instant from, Instant to) {
        return p.blocks().stream().filter(b -> b.foundAt().isAfter(from) && b.foundAt().isBefore(to)).toList();
    }

    private static Map<BlockStatus, Long> byStatus(NodePool p) {
        return p.blocks().stream().collect(Collectors.groupingBy(BlockRecord::status, TreeMap::new, Collectors.counting()));
    }
}

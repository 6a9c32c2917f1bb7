package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerCounters;
import io.stratumpool.sim.Waits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A mixed fleet mines on the sandbox chain: blocks are found, accepted by the chain's checks, and jobs are cleaned. */
class BlocksFoundIT {

    @Test
    void mixedFleetFindsBlocksThatTheSandboxAccepts() throws Exception {
        try (PoolFixture fixture = new PoolFixture("0.0005")) {
            long startHeight = fixture.sandbox().height();
            Fleet fleet = Fleet.start(fixture.sims, 10, i -> fixture.options(Fleet.mixedProfile(i), "carol.m" + i).build());
            try {
                Waits.until("five blocks on the sandbox chain", Duration.ofSeconds(120),
                        () -> fixture.sandbox().height() >= startHeight + 5);
            } finally {
                fleet.stop();
            }
            MinerCounters counters = fleet.counters();
            List<BlockRecord> blocks = fixture.pool.blocks().recent(1000);
            long accepted = blocks.stream().filter(b -> b.status() == BlockStatus.ACCEPTED).count();
            assertTrue(accepted >= 5, "accepted blocks: " + blocks);
            assertEquals(fixture.sandbox().height() - startHeight, accepted, "every accepted block advanced the chain");
            assertTrue(blocks.stream().noneMatch(b -> b.status() == BlockStatus.REJECTED), () -> "rejected: " + blocks);
            for (BlockRecord b : blocks) {
                if (b.status() == BlockStatus.ORPHANED) {
                    // two miners solved the same height; the other block came first
                    assertTrue(b.reason().startsWith("stale:"), b.toString());
                } else {
                    assertEquals(fixture.sandbox().blockHash(b.height()), b.hash());
                }
            }
            assertTrue(counters.accepted() > accepted, "shares far more often than blocks: " + counters);
            assertTrue(fleet.failures().isEmpty(), () -> "firmware failures: " + fleet.failures());
        }
    }
}

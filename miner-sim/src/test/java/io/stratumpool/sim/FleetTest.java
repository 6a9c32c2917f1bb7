package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fleet of every profile against one pool: all mine, counters add up, stop stops them all. */
class FleetTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aMixedFleetOfEveryProfileGetsSharesAccepted() throws Exception {
        int n = FirmwareProfile.values().length;
        try (FakePool pool = new FakePool(); SimRuntime runtime = new SimRuntime(1, 2)) {
            Fleet fleet = Fleet.start(runtime, n, i -> pool.minerOptions(Fleet.mixedProfile(i)).name("m" + i)
                    .hashrate(40_000).build());
            assertTrue(fleet.awaitAllMining(WAIT), () -> fleet.failures().toString());
            assertTrue(fleet.awaitAccepted(2L * n, WAIT), () -> fleet.counters().toString());
            assertEquals(Map.of(), fleet.failures());
            assertEquals(40_000.0 * n, fleet.configuredHashrate());
            MinerCounters total = fleet.counters();
            assertEquals(total.accepted(), fleet.miners().stream().mapToLong(m -> m.counters().accepted()).sum());
            assertEquals(0, total.rejected(), total::toString);
            fleet.stop();
            assertEquals(n, fleet.count(SimMiner.State.STOPPED));
        }
    }

    @Test
    void hundredsOfMinersShareOneIoThreadAndTwoHashThreads() throws Exception {
        int n = Integer.getInteger("sim.scaleTestMiners", 300);
        try (FakePool pool = new FakePool(); SimRuntime runtime = new SimRuntime(1, 2)) {
            pool.difficulty = 1;
            Fleet fleet = Fleet.start(runtime, n, i -> pool.minerOptions(Fleet.mixedProfile(i)).name("m" + i)
                    .hashrate(1_000).transcriptLimit(50).build());
            assertTrue(fleet.awaitAllMining(WAIT), () -> fleet.count(SimMiner.State.MINING) + " mining, " + fleet.failures());
            assertTrue(Waits.within(WAIT, () -> fleet.counters().hashes() > n * 500L));
            fleet.stop();
            assertEquals(Map.of(), fleet.failures());
        }
    }

    @Test
    void aFleetHashesAtTheSumOfItsMinersRates() throws Exception {
        try (FakePool pool = new FakePool(); SimRuntime runtime = new SimRuntime(1, 2)) {
            pool.difficulty = 1; // hash counting only
            Fleet fleet = Fleet.start(runtime, 4, i -> pool.minerOptions(FirmwareProfile.NERDQAXE).hashrate(25_000).build());
            assertTrue(fleet.awaitAllMining(WAIT));
            long h0 = fleet.counters().hashes();
            long t0 = System.nanoTime();
            Thread.sleep(1500);
            double rate = (fleet.counters().hashes() - h0) * 1e9 / (System.nanoTime() - t0);
            fleet.stop();
            assertTrue(rate > 70_000 && rate < 135_000, () -> "measured " + rate + " H/s for 100 kH/s configured");
        }
    }
}

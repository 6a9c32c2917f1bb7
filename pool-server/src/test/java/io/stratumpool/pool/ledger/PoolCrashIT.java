package io.stratumpool.pool.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.ShareOutcome;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sim.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pool, crashed: the packaged jar runs in its own JVM while simulated miners submit
 * shares; it is killed with SIGKILL at random moments (at least ten times while shares flow, now
 * and then while it is still starting, and once while it migrates the empty store) and started
 * again on the same ports and store. The
 * miners redial by themselves. At the end every share a miner saw acknowledged {@code true} must
 * be in the store exactly once. {@code -Dstratumpool.crash.seed=N} replays a kill schedule.
 */
@Timeout(300)
class PoolCrashIT {
    private static final int MINING_KILLS = Integer.getInteger("stratumpool.crash.kills", 10);
    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void everyShareAcknowledgedTrueSurvivesRepeatedSigkillOnSqlite(@TempDir Path dir) throws Exception {
        crashRepeatedly(dir, TestStore.sqlite(dir.resolve("data")).config());
    }

    @Test
    void everyShareAcknowledgedTrueSurvivesRepeatedSigkillOnPostgresql(@TempDir Path dir) throws Exception {
        try (TestStore store = TestStore.postgresql()) {
            crashRepeatedly(dir, store.config());
        }
    }

    private void crashRepeatedly(Path dir, LedgerConfig store) throws Exception {
        long seed = Long.getLong("stratumpool.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        String run = store.store().yamlName() + " (seed " + seed + ")";
        System.out.println("crash test on " + run + ": starting"); // the seed replays this kill schedule
        ShareOutcomes outcomes = new ShareOutcomes();
        PoolProcess.Launch launch = PoolProcess.Launch.onFreePorts(dir, MiningRig.poolSettings(store));
        KillSchedule kills = new KillSchedule(random, launch, outcomes);
        long started = System.nanoTime();
        long inFlightAtKills;
        try (SimRuntime runtime = new SimRuntime(1, 1)) {
            kills.startFirst();
            Fleet fleet = MiningRig.fleet(runtime, launch.stratumPort(), outcomes);
            try {
                kills.run(MINING_KILLS);
                assertMiningResumes(kills.pool(), outcomes, run);
                assertEquals(Map.of(), fleet.failures(), run + ": miners gave up");
            } finally {
                inFlightAtKills = outcomes.count(ShareOutcome.Result.UNANSWERED);
                fleet.stop();
            }
            String log = kills.pool().stop();
            assertTrue(log.contains("stopped"), "no graceful stop after the crashes:\n" + log);
            report(run, kills, outcomes, fleet, inFlightAtKills, started);
        } finally {
            kills.killIfAlive();
        }
        StoredShares stored = StoredShares.reconcile(store, outcomes);
        System.out.println("crash test on " + run + ": " + stored);
        stored.assertHolds();
        assertEquals(0, outcomes.resubmitted(), "a miner submitted a header twice");
        assertTrue(stored.acknowledged >= 200, run + ": too few shares acknowledged to prove anything: " + stored);
    }

    private static void assertMiningResumes(PoolProcess pool, ShareOutcomes outcomes, String run) throws InterruptedException {
        pool.awaitListening(START);
        long before = outcomes.accepted();
        assertTrue(Waits.within(Duration.ofSeconds(30), () -> outcomes.accepted() >= before + 50),
                run + ": mining did not resume after the last restart:\n" + pool.log());
    }

    private static void report(String run, KillSchedule kills, ShareOutcomes outcomes, Fleet fleet, long inFlightAtKills,
            long startedNanos) {
        long reconnects = fleet.miners().stream().mapToLong(SimMiner::connections).sum() - fleet.miners().size();
        System.out.printf("crash test on %s: %d kills while mining, %d during start-up, in %d s; %d shares acknowledged,"
                        + " %d in flight at kills (unanswered), rejected by code %s, %d reconnects%n",
                run, kills.miningKills(), kills.startupKills(), (System.nanoTime() - startedNanos) / 1_000_000_000L,
                outcomes.accepted(), inFlightAtKills, fleet.counters().rejectedByCode(), reconnects);
    }
}

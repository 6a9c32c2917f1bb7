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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store goes away while the whole pool (the packaged jar, its own JVM) serves a mining fleet,
 * and comes back. Nothing acknowledged may be lost; a share sent while the store was down is
 * answered {@code true} only after it came back, or with error 20 "not stored" once its
 * acknowledgement timeout passed; the miners stay connected and their shares are accepted again
 * without anyone stepping in. PostgreSQL is stopped for real; SQLite is "down" the way a stuck
 * process makes it: another process holds its write lock.
 */
@Timeout(240)
class PoolStoreDownIT {
    private static final long OUTAGE_MILLIS = 5_000;
    /**
     * Acknowledgement timeouts chosen so that, as the store comes back, the outage's early shares have
     * timed out (error 20) and its later ones are still waiting to be stored late: shorter than the
     * outage for SQLite, whose lock is back at once; longer for PostgreSQL, which takes seconds to
     * start and to be reconnected to. Which share gets which answer depends on timing; neither may lie.
     */
    private static final int SQLITE_ACK_TIMEOUT_MILLIS = 4_000;
    private static final int POSTGRESQL_ACK_TIMEOUT_MILLIS = 9_000;
    private static final Duration START = Duration.ofSeconds(60);

    /** Takes the store away; closing what it returns brings the store back, returning once it is back. */
    interface Outage {
        AutoCloseable begin() throws Exception;
    }

    /** When the store was fully down, when the test began bringing it back, and when it was back. */
    record Window(Instant down, Instant up, Instant back) {
        static Window of(Outage outage) throws Exception {
            Instant down;
            Instant up;
            try (AutoCloseable restore = outage.begin()) {
                down = Instant.now();
                Thread.sleep(OUTAGE_MILLIS);
                up = Instant.now();
            }
            return new Window(down, up, Instant.now());
        }

        boolean sentDuring(ShareOutcome o) {
            return !o.sentAt().isBefore(down) && o.sentAt().isBefore(up);
        }
    }

    @Test
    void postgresqlStoppedAndStartedWhileMiningLosesNothingAcknowledgedAndMiningResumesByItself(@TempDir Path dir)
            throws Exception {
        try (TestStore store = TestStore.postgresql()) {
            rideOut(dir, store.config(), POSTGRESQL_ACK_TIMEOUT_MILLIS, () -> {
                try {
                    PostgresCluster.stop();
                } catch (Exception | Error e) {
                    PostgresCluster.start();
                    throw e;
                }
                return PostgresCluster::start;
            });
        }
    }

    @Test
    void sqliteWriteLockHeldByAnotherProcessLosesNothingAcknowledgedAndMiningResumesByItself(@TempDir Path dir)
            throws Exception {
        TestStore store = TestStore.sqlite(dir.resolve("data"));
        // BEGIN EXCLUSIVE from this JVM, not the pool's
        rideOut(dir, store.config(), SQLITE_ACK_TIMEOUT_MILLIS, store::refuseWrites);
    }

    private void rideOut(Path dir, LedgerConfig store, int ackTimeoutMillis, Outage outage) throws Exception {
        ShareOutcomes outcomes = new ShareOutcomes();
        PoolProcess.Launch launch = PoolProcess.Launch.onFreePorts(dir,
                MiningRig.poolSettings(store, "ledger.ackTimeoutMillis=" + ackTimeoutMillis));
        PoolProcess pool = launch.start(0);
        Window window;
        try (SimRuntime runtime = new SimRuntime(1, 1)) {
            pool.awaitListening(START);
            Fleet fleet = MiningRig.fleet(runtime, launch.stratumPort(), outcomes);
            try {
                assertTrue(Waits.within(Duration.ofSeconds(60), () -> outcomes.accepted() >= 200), pool::log);
                window = Window.of(outage);
                assertEveryMinerMinesAgain(outcomes, window, pool);
                assertEquals(Map.of(), fleet.failures(), "miners gave up");
                for (SimMiner m : fleet.miners()) {
                    assertEquals(1, m.connections(), m.name() + " lost its connection during the outage");
                }
            } finally {
                fleet.stop();
            }
            String log = pool.stop();
            assertTrue(log.contains("share ledger store failing") && log.contains("share ledger store reachable again"),
                    "the pool did not report the outage:\n" + log);
        } finally {
            if (pool.isAlive()) {
                pool.kill();
            }
        }
        StoredShares stored = StoredShares.reconcile(store, outcomes);
        report(store, outcomes, window, stored);
        stored.assertHolds();
        assertOutageSharesAnsweredHonestly(outcomes, window);
    }

    /** Every miner gets shares it sent after the store came back accepted, with no help. */
    private static void assertEveryMinerMinesAgain(ShareOutcomes outcomes, Window window, PoolProcess pool)
            throws InterruptedException {
        assertTrue(Waits.within(Duration.ofSeconds(60),
                () -> minersAcceptedAfter(outcomes, window.back()).size() == MiningRig.MINERS),
                () -> "miners with shares accepted after recovery: "
                + minersAcceptedAfter(outcomes, window.back()) + "\n" + pool.log());
    }

    private static Set<String> minersAcceptedAfter(ShareOutcomes outcomes, Instant back) {
        return outcomes.matching(o -> o.accepted() && o.sentAt().isAfter(back)).stream()
                .map(ShareOutcome::miner).collect(Collectors.toSet());
    }

    /** No {@code true} while the store was down; every share sent then was answered (late, or error 20). */
    private static void assertOutageSharesAnsweredHonestly(ShareOutcomes outcomes, Window window) {
        List<ShareOutcome> during = outcomes.matching(window::sentDuring);
        assertTrue(during.size() > 50, "too few shares sent during the outage: " + during.size());
        List<ShareOutcome> acceptedWhileDown = during.stream()
                .filter(o -> o.accepted() && o.answeredAt().isBefore(window.up())).toList();
        assertEquals(List.of(), acceptedWhileDown, "answered true while the store was down");
        List<ShareOutcome> unanswered = during.stream().filter(o -> o.result() == ShareOutcome.Result.UNANSWERED).toList();
        assertEquals(List.of(), unanswered, "never answered");
        List<ShareOutcome> otherRejects = during.stream()
                .filter(o -> o.result() == ShareOutcome.Result.REJECTED && o.errorCode() != 20 && o.errorCode() != 21).toList();
        assertEquals(List.of(), otherRejects, "rejected for another reason than not stored (20) or stale (21)");
    }

    private static void report(LedgerConfig store, ShareOutcomes outcomes, Window window, StoredShares stored) {
        List<ShareOutcome> during = outcomes.matching(window::sentDuring);
        long late = during.stream().filter(ShareOutcome::accepted).count();
        Map<Integer, Long> rejects = new TreeMap<>(during.stream().filter(o -> o.result() == ShareOutcome.Result.REJECTED)
                .collect(Collectors.groupingBy(ShareOutcome::errorCode, Collectors.counting())));
        long slowest = during.stream().filter(ShareOutcome::accepted)
                .mapToLong(o -> Duration.between(o.sentAt(), o.answeredAt()).toMillis()).max().orElse(0);
        Instant firstAckAfter = outcomes.matching(o -> o.accepted() && !o.answeredAt().isBefore(window.up())).stream()
                .map(ShareOutcome::answeredAt).min(Instant::compareTo).orElse(window.up());
        System.out.printf("store-down test on %s: down %d ms, back %d ms later, first true %d ms after that; %d shares sent"
                        + " while down: %d acknowledged after recovery (slowest %d ms), rejected by code %s; %s%n",
                store.store().yamlName(), Duration.between(window.down(), window.up()).toMillis(),
                Duration.between(window.up(), window.back()).toMillis(),
                Duration.between(window.back(), firstAckAfter).toMillis(), during.size(), late, slowest, rejects, stored);
    }
}

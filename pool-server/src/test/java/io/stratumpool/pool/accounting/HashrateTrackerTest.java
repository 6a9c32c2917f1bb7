package io.stratumpool.pool.accounting;

import io.stratumpool.pool.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed figures for the tracker. */
class HashrateTrackerTest {
    private static final double TWO_32 = 4294967296.0;
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(120));
    private final HashrateTracker tracker = new HashrateTracker(clock);

    @Test
    void dividesAcceptedDifficultyTimesTwoPow32ByTheSecondsCovered() {
        // At t = 120 s on a bucket edge the 1-minute ring covers [62 s, 120 s): 58 s.
        for (int t = 62; t < 120; t++) {
            tracker.record("alice", "rig1", 1, t * 1000L);
        }
        tracker.record("alice", "rig1", 1, 61_999); // just outside
        HashrateEstimate m1 = tracker.pool().get(0);
        assertEquals(HashrateWindow.M1, m1.window());
        assertEquals(58, m1.shares());
        assertEquals(58, m1.observedSeconds(), 1e-9);
        assertEquals(TWO_32, m1.hashrate(), 1e-3);
        assertEquals(PoissonInterval.lower(58) / 58 * TWO_32, m1.lower(), 1e-3);
        assertEquals(PoissonInterval.upper(58) / 58 * TWO_32, m1.upper(), 1e-3);
    }

    @Test
    void keepsWorkersUsersAndPoolApart() {
        tracker.record("alice", "rig1", 100, 100_000);
        tracker.record("alice", "rig2", 300, 100_000);
        tracker.record("bob", "rig1", 1000, 100_000);
        assertEquals(1400, tracker.pool().get(1).difficulty());
        assertEquals(400, tracker.user("alice").orElseThrow().get(1).difficulty());
        assertEquals(List.of("rig1", "rig2"), List.copyOf(tracker.workers("alice").keySet()));
        assertEquals(300, tracker.workers("alice").get("rig2").hashrate().get(1).difficulty());
        assertTrue(tracker.user("carol").isEmpty());
    }

    @Test
    void reportsZeroWithAnUpperLimitWhenAWindowHasNoShare() {
        tracker.record("alice", "rig1", 1000, 0);
        clock.set(Instant.ofEpochSecond(600));
        HashrateEstimate m1 = tracker.user("alice").orElseThrow().get(0);
        assertEquals(0, m1.hashrate());
        assertEquals(0, m1.lower());
        assertEquals(PoissonInterval.upper(0) * 1000 * TWO_32 / m1.observedSeconds(), m1.upper(), 1e-3);
        assertEquals(1, tracker.user("alice").orElseThrow().get(2).shares());
    }

    @Test
    void forgetsWorkersIdleForADay() {
        tracker.record("alice", "rig1", 1, 0);
        tracker.record("alice", "rig2", 1, 50_000_000);
        clock.set(Instant.ofEpochMilli(86_400_000L + 1000));
        assertEquals(1, tracker.evictIdle());
        assertEquals(List.of("rig2"), List.copyOf(tracker.workers("alice").keySet()));
    }

    @Test
    void mixedDifficultiesWidenTheIntervalLikeFewerShares() {
        // One share of 1000 and ten of 1: the work is about one "unit" of Σd²/Σd, so n ≈ 1 limits.
        tracker.record("alice", "rig1", 1000, 100_000);
        for (int i = 0; i < 10; i++) {
            tracker.record("alice", "rig1", 1, 100_000);
        }
        HashrateEstimate m5 = tracker.pool().get(1);
        double unit = (1_000_000 + 10) / 1010.0;
        double scale = TWO_32 / m5.observedSeconds();
        assertEquals(PoissonInterval.upper(1010 / unit) * unit * scale, m5.upper(), 1e-3);
        assertEquals(PoissonInterval.lower(1010 / unit) * unit * scale, m5.lower(), 1e-3);
        assertTrue(m5.upper() / m5.hashrate() > 5, "as wide as for a single share");
    }

    @Test
    void aYoungWorkersLongWindowsCoverOnlyTheTimeSinceItConnected() {
        for (int t = 200; t < 320; t++) {
            tracker.record("alice", "rig1", 2, t * 1000L);
        }
        clock.set(Instant.ofEpochSecond(320));
        List<HashrateEstimate> windows = tracker.worker("alice", "rig1", 199_000, 2).hashrate();
        for (HashrateEstimate w : windows.subList(1, 4)) { // 5m, 1h, 24h: all longer than the worker's 121 s
            assertEquals(121, w.observedSeconds(), 1e-9, w.toString());
            assertEquals(120 * 2 * TWO_32 / 121, w.hashrate(), 1e-3);
            assertEquals(PoissonInterval.upper(120) * 2 * TWO_32 / 121, w.upper(), 1e-3);
            assertEquals(PoissonInterval.lower(120) * 2 * TWO_32 / 121, w.lower(), 1e-3);
        }
    }

    @Test
    void withoutAConnectionTimeAWorkerIsObservedFromItsFirstShare() {
        tracker.record("alice", "rig1", 1, 300_000);
        tracker.record("alice", "rig1", 1, 400_000);
        clock.set(Instant.ofEpochSecond(500));
        HashrateEstimate day = tracker.workers("alice").get("rig1").hashrate().get(3);
        assertEquals(200, day.observedSeconds(), 1e-9);
    }

    @Test
    void aConnectedWorkerWithoutSharesShowsZeroAndAnUpperLimitForTheTimeObserved() {
        clock.set(Instant.ofEpochSecond(180));
        HashrateEstimate day = tracker.worker("alice", "fresh", 120_000, 1000).hashrate().get(3);
        assertEquals(0, day.hashrate());
        assertEquals(60, day.observedSeconds(), 1e-9);
        assertEquals(PoissonInterval.upper(0) * 1000 * TWO_32 / 60, day.upper(), 1e-3);
        assertEquals(60, tracker.user("alice", 120_000, 1000).get(3).observedSeconds(), 1e-9);
    }

    @Test
    void aPoolYoungerThanTheWindowIsDividedByItsAge() {
        tracker.record("alice", "rig1", 1, 130_000); // the tracker started at 120 s
        clock.set(Instant.ofEpochSecond(720));
        assertEquals(600, tracker.pool().get(3).observedSeconds(), 1e-9);
        assertEquals(600, tracker.pool().get(2).observedSeconds(), 1e-9);
        assertEquals(TWO_32 / 600, tracker.pool().get(3).hashrate(), 1e-6);
    }
}

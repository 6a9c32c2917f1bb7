package io.stratumpool.pool.accounting;

import io.stratumpool.pool.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A simulated fleet of known hashrate: each worker's shares arrive as a Poisson process of rate
 * hashrate / (difficulty × 2^32), drawn from a seeded Random. Over 200 independent trials the
 * true hashrate must lie inside the tracker's own 95 % interval in at least 90 % of them, for
 * every worker, user and the pool, in every window; the estimates must also average to the truth.
 */
class HashrateFleetSimulationTest {
    private static final double TWO_32 = 4294967296.0;
    private static final int TRIALS = 200;
    /** user, worker, difficulty, seconds between shares on average. */
    private static final List<Object[]> FLEET = List.of(
            new Object[] {"alice", "s19", 1000.0, 5.0},
            new Object[] {"alice", "bitaxe", 4000.0, 20.0},
            new Object[] {"bob", "s21", 16000.0, 60.0});

    @Test
    void trueHashrateLiesInsideTheReportedIntervalInAtLeast90PercentOfTrials() {
        Random random = new Random(20260301);
        Map<String, int[]> covered = new LinkedHashMap<>();
        Map<String, double[]> meanRatio = new LinkedHashMap<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            runTrial(random, covered, meanRatio);
        }
        System.out.println("hashrate interval coverage over " + TRIALS + " trials: " + covered.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()[0]).toList());
        covered.forEach((key, count) -> assertTrue(count[0] >= TRIALS * 0.90,
                key + ": true hashrate inside the interval in " + count[0] + " of " + TRIALS + " trials"));
        meanRatio.forEach((key, sum) -> assertTrue(Math.abs(sum[0] / TRIALS - 1) < 0.05,
                key + ": estimates average " + sum[0] / TRIALS + " of the truth"));
    }

    private static void runTrial(Random random, Map<String, int[]> covered, Map<String, double[]> ratio) {
        long end = 200_000_000L + random.nextInt(86_400_000);
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(end));
        HashrateTracker tracker = new HashrateTracker(clock);
        for (Object[] w : FLEET) {
            simulate(random, tracker, (String) w[0], (String) w[1], (double) w[2], (double) w[3], end);
        }
        check("pool", tracker.pool(), truth(null, null), covered, ratio);
        check("alice", tracker.user("alice").orElseThrow(), truth("alice", null), covered, ratio);
        for (Object[] w : FLEET) {
            List<HashrateEstimate> e = tracker.workers((String) w[0]).get((String) w[1]).hashrate();
            check((String) w[1], e, truth((String) w[0], (String) w[1]), covered, ratio);
        }
    }

    /** Exponential gaps from 25 h before the end until the end. */
    private static void simulate(Random random, HashrateTracker tracker, String user, String worker,
            double difficulty, double meanGapSeconds, long end) {
        double t = end - 90_000_000.0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) * meanGapSeconds * 1000;
            if (t >= end) {
                return;
            }
            tracker.record(user, worker, difficulty, (long) t);
        }
    }

    private static double truth(String user, String worker) {
        double sum = 0;
        for (Object[] w : FLEET) {
            if ((user == null || user.equals(w[0])) && (worker == null || worker.equals(w[1]))) {
                sum += (double) w[2] / (double) w[3] * TWO_32;
            }
        }
        return sum;
    }

    private static void check(String key, List<HashrateEstimate> estimates, double truth,
            Map<String, int[]> covered, Map<String, double[]> ratio) {
        for (HashrateEstimate e : estimates) {
            String name = key + "/" + e.window().label();
            covered.computeIfAbsent(name, k -> new int[1])[0] += e.covers(truth) ? 1 : 0;
            ratio.computeIfAbsent(name, k -> new double[1])[0] += e.hashrate() / truth;
        }
    }
}

package io.stratumpool.pool.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The compact rings against a plain list of every share, for both bucket counts. */
class HashrateMeterTest {

    private record Share(long millis, double difficulty) {
    }

    @Test
    void workerAndPoolRingsSumExactlyTheSharesOfEachWindowsBuckets() {
        for (int buckets : new int[] {HashrateMeter.WORKER_BUCKETS, HashrateMeter.BUCKETS}) {
            long seed = 0x5eed + buckets;
            SplittableRandom random = new SplittableRandom(seed);
            HashrateMeter meter = new HashrateMeter(buckets);
            List<Share> shares = new ArrayList<>();
            long t = 1_000_000_000L;
            for (int i = 0; i < 20_000; i++) {
                // Mostly seconds apart, sometimes a gap of hours (rings cleared), sometimes late by a few seconds.
                t += random.nextInt(100) == 0 ? random.nextLong(3 * 3_600_000L) : random.nextLong(4_000);
                long at = t - random.nextLong(3_000);
                double d = random.nextInt(10) == 0 ? 1024 : 1 + random.nextInt(64);
                meter.record(d, at);
                shares.add(new Share(at, d));
                if (i % 997 == 0) {
                    check(meter, shares, buckets, t + random.nextLong(90_000), seed);
                }
            }
            check(meter, shares, buckets, t, seed);
            check(meter, shares, buckets, t + 50 * 60_000L, seed);
            check(meter, shares, buckets, t + 25 * 3_600_000L, seed);
        }
    }

    private static void check(HashrateMeter meter, List<Share> shares, int buckets, long now, long seed) {
        List<HashrateEstimate> estimates = meter.estimates(now);
        for (HashrateWindow w : HashrateWindow.values()) {
            long bucketMillis = w.length().toMillis() / buckets;
            long current = Math.floorDiv(now, bucketMillis);
            long count = 0;
            double sum = 0;
            for (Share s : shares) {
                long id = Math.floorDiv(s.millis(), bucketMillis);
                if (id > current - buckets && id <= current) {
                    count++;
                    sum += s.difficulty();
                }
            }
            HashrateEstimate e = estimates.get(w.ordinal());
            String where = "seed " + seed + ", " + buckets + " buckets, window " + w.label() + ", now " + now;
            assertEquals(count, e.shares(), where);
            assertEquals(sum, e.difficulty(), 1e-6, where);
            double seconds = Math.max(1000, now - (current - buckets + 1) * bucketMillis) / 1000.0;
            assertEquals(Math.min(seconds, Math.max(1, (now - firstShare(shares)) / 1000.0)), e.observedSeconds(), 1e-9, where);
        }
    }

    private static long firstShare(List<Share> shares) {
        return shares.stream().mapToLong(Share::millis).min().orElseThrow();
    }

    @Test
    void aBucketCountThatDoesNotDivideAMinuteIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HashrateMeter(7));
        assertEquals("buckets must be at least 2 and divide a minute in whole milliseconds: 7", e.getMessage());
    }
}

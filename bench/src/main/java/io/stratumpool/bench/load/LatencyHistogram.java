package io.stratumpool.bench.load;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Reply latencies recorded from the generator's event loops: 10 µs buckets up to 10 ms, then 1 ms
 * buckets up to 60 s (a longer wait counts in the last bucket). Percentiles are the upper edge of
 * the bucket they fall in, so they err on the slow side by at most one bucket.
 */
final class LatencyHistogram {
    private static final int FINE = 1_000;            // 0..10 ms in 10 µs steps
    private static final int COARSE = 60_000 - 10;    // 10 ms..60 s in 1 ms steps
    private final AtomicLongArray counts = new AtomicLongArray(FINE + COARSE);

    void record(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        int bucket = micros < 10_000 ? (int) (micros / 10) : (int) Math.min(FINE + COARSE - 1, FINE + (micros - 10_000) / 1_000);
        counts.incrementAndGet(bucket);
    }

    long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The latency in milliseconds at or below which {@code fraction} of the recorded replies came. */
    double percentileMillis(double fraction) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= Math.max(1, rank)) {
                return upperEdgeMillis(i);
            }
        }
        return upperEdgeMillis(counts.length() - 1);
    }

    private static double upperEdgeMillis(int bucket) {
        return bucket < FINE ? (bucket + 1) * 0.01 : 10 + (bucket - FINE + 1);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length(); i++) {
            counts.addAndGet(i, other.counts.get(i));
        }
    }

    void reset() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
        }
    }

    /** "p50 0.42 ms, p99 3.1 ms, p99.9 12 ms (n replies)". */
    String summary() {
        return Report.f("p50 %s ms, p99 %s ms, p99.9 %s ms (%,d replies)", ms(percentileMillis(0.5)),
                ms(percentileMillis(0.99)), ms(percentileMillis(0.999)), count());
    }

    private static String ms(double v) {
        return v < 1 ? Report.f("%.2f", v) : v < 100 ? Report.f("%.1f", v) : Report.f("%,.0f", v);
    }
}

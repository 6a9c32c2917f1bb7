package io.stratumpool.pool.metrics;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A reading reused for a short period, so the several series of one meter family (blocks per
 * status, hashrate per window) cost one database query or computation per scrape, not one each.
 * A failed reading is not cached: the next scrape tries again, and the gauge shows NaN meanwhile.
 */
final class Snapshot<T> {
    private final Supplier<T> source;
    private final long periodNanos;
    private T value;
    private long readAtNanos;

    Snapshot(Supplier<T> source, Duration period) {
        this.source = source;
        this.periodNanos = period.toNanos();
    }

    synchronized T get() {
        // Monotonic time, not the pool's Clock: this only rate-limits reads, it decides nothing.
        long now = System.nanoTime();
        if (value == null || now - readAtNanos >= periodNanos) {
            value = source.get();
            readAtNanos = now;
        }
        return value;
    }
}

package io.stratumpool.sim;

import java.util.function.LongSupplier;

/**
 * A token bucket of hashes: tokens accrue at the configured hashrate up to a quarter second's
 * worth, so a rate-limited miner hashes in short bursts and a fleet's total hashrate is known.
 */
final class HashBudget {
    private static final long BURST_NANOS = 250_000_000L;

    private final double hashesPerSecond;
    private final long capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    HashBudget(double hashesPerSecond, LongSupplier nanoTime) {
        if (!(hashesPerSecond > 0) || Double.isInfinite(hashesPerSecond)) {
            throw new IllegalArgumentException("hashrate: " + hashesPerSecond + " (expected: a finite number > 0)");
        }
        this.hashesPerSecond = hashesPerSecond;
        this.capacity = Math.max(1, (long) (hashesPerSecond * BURST_NANOS / 1e9));
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
    }

    /** The largest batch worth asking for: never more than the bucket holds. */
    long maxBatch(long wanted) {
        return Math.min(wanted, capacity);
    }

    /** Takes {@code count} tokens if all are there; otherwise takes nothing and returns false. */
    synchronized boolean tryTake(long count) {
        refill();
        if (tokens < count) {
            return false;
        }
        tokens -= count;
        return true;
    }

    /** Nanoseconds until {@code count} tokens will be there (0 when they already are). */
    synchronized long nanosUntil(long count) {
        refill();
        double missing = count - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing * 1e9 / hashesPerSecond);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * hashesPerSecond / 1e9);
        last = now;
    }
}

package io.stratumpool.sim;

import java.time.Duration;

/**
 * The waits between a miner's redials: the first wait, doubled after each attempt up to the
 * maximum, and back to the first once the miner is mining again. Thread-safe; V1's
 * {@link SimMiner} and V2's {@code V2Miner} both use it.
 */
public final class RedialBackoff {
    private final Duration first;
    private final Duration max;
    private Duration next;

    public RedialBackoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The wait before this attempt; the one after it will be twice as long (up to the maximum). */
    public synchronized Duration next() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return wait;
    }

    public synchronized void reset() {
        next = first;
    }
}

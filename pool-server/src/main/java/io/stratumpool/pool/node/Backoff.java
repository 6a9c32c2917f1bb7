package io.stratumpool.pool.node;

/** Exponential backoff: {@code initial × 2^attempt}, capped. */
record Backoff(long initialMillis, long maxMillis) {
    Backoff {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff: " + initialMillis + ".." + maxMillis
                    + " ms (expected: 0 < initial <= max)");
        }
    }

    /** The wait before retry number {@code attempt} (0 for the first retry). */
    long delayMillis(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 30);
        long delay = initialMillis << shift;
        return delay <= 0 || delay > maxMillis ? maxMillis : delay;
    }
}

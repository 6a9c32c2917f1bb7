package io.stratumpool.pool.accounting;

/**
 * Hashrate over one window, in hashes per second, with its 95 % interval. {@code shares} and
 * {@code difficulty} are what was accepted in the {@code observedSeconds} the estimate covers:
 * the window's length, or less when the worker, user or pool has been observed for less time.
 */
public record HashrateEstimate(
        HashrateWindow window,
        double hashrate,
        double lower,
        double upper,
        long shares,
        double difficulty,
        double observedSeconds) {

    /** True when {@code hashesPerSecond} lies within the interval. */
    public boolean covers(double hashesPerSecond) {
        return lower <= hashesPerSecond && hashesPerSecond <= upper;
    }
}

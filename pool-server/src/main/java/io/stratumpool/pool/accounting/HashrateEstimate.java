package io.stratumpool.pool.accounting;

/**
 * Hashrate over one window, in hashes per second, with its 95 % interval. {@code shares} and
 * {@code difficulty} are what was accepted in the {@code seconds} the estimate covers.
 */
public record HashrateEstimate(
        HashrateWindow window,
        double hashrate,
        double lower,
        double upper,
        long shares,
        double difficulty,
        double seconds) {

    /** True when {@code hashesPerSecond} lies within the interval. */
    public boolean covers(double hashesPerSecond) {
        return lower <= hashesPerSecond && hashesPerSecond <= upper;
    }
}

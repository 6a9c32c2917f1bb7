package io.stratumpool.pool.session;

import io.stratumpool.pool.config.PortConfig;

/**
 * Variable difficulty for one connection: aims at one share every {@code targetShareSeconds}.
 * After {@code retargetShares} shares or {@code retargetSeconds} (whichever first) it estimates
 * the miner's rate from the difficulty it submitted and proposes a new difficulty; changes under
 * 30 % are ignored so a steady miner is not flooded with set_difficulty. Pure logic, times in nanos.
 */
public final class Vardiff {
    private static final double HYSTERESIS = 0.3;

    private final double targetSeconds;
    private final int retargetShares;
    private final long retargetNanos;
    private long windowStart;
    private int shares;
    private double difficultySum;

    public Vardiff(PortConfig port, long nowNanos) {
        this.targetSeconds = port.targetShareSeconds();
        this.retargetShares = port.retargetShares();
        this.retargetNanos = (long) (port.retargetSeconds() * 1e9);
        this.windowStart = nowNanos;
    }

    /**
     * Counts an accepted share of the given difficulty; returns the proposed new difficulty
     * (unclamped), or NaN when it is not time to change.
     */
    public double onShare(double shareDifficulty, double current, long nowNanos) {
        shares++;
        difficultySum += shareDifficulty;
        if (shares < retargetShares && nowNanos - windowStart < retargetNanos) {
            return Double.NaN;
        }
        return retarget(current, nowNanos);
    }

    /** Called periodically: lowers the difficulty of a miner whose shares do not come. */
    public double onTick(double current, long nowNanos) {
        if (nowNanos - windowStart < retargetNanos) {
            return Double.NaN;
        }
        return retarget(current, nowNanos);
    }

    /** Starts a fresh window, e.g. after the difficulty was set from outside. */
    public void reset(long nowNanos) {
        windowStart = nowNanos;
        shares = 0;
        difficultySum = 0;
    }

    private double retarget(double current, long nowNanos) {
        double elapsed = Math.max(1e-3, (nowNanos - windowStart) / 1e9);
        double proposed = shares == 0
                ? Math.min(current / 4, current * targetSeconds / elapsed)
                : difficultySum / elapsed * targetSeconds;
        reset(nowNanos);
        return Math.abs(proposed / current - 1) < HYSTERESIS ? Double.NaN : proposed;
    }
}

package io.stratumpool.pool.accounting;

import java.util.ArrayList;
import java.util.List;

/**
 * Accepted work of one worker, user or the pool, in one ring of time buckets per window. A share
 * costs a few array updates per window under this meter's lock. An estimate covers the buckets of
 * the last window up to now, and divides by exactly the time they span (a whole number of buckets
 * plus the current, partial one), so bucketing adds no bias.
 */
final class HashrateMeter {
    static final int BUCKETS = 30;
    private static final double TWO_POW_32 = 4294967296.0;

    private final long[][] bucketIds = new long[HashrateWindow.values().length][BUCKETS];
    private final long[][] counts = new long[HashrateWindow.values().length][BUCKETS];
    private final double[][] sums = new double[HashrateWindow.values().length][BUCKETS];
    private final double[][] squares = new double[HashrateWindow.values().length][BUCKETS];
    private double lastDifficulty;
    private long lastShareMillis = Long.MIN_VALUE;
    private long firstShareMillis = Long.MAX_VALUE;

    HashrateMeter() {
        for (long[] ids : bucketIds) {
            java.util.Arrays.fill(ids, Long.MIN_VALUE);
        }
    }

    synchronized void record(double difficulty, long timeMillis) {
        for (HashrateWindow w : HashrateWindow.values()) {
            add(w.ordinal(), bucketMillis(w), difficulty, timeMillis);
        }
        firstShareMillis = Math.min(firstShareMillis, timeMillis);
        if (timeMillis >= lastShareMillis) {
            lastShareMillis = timeMillis;
            lastDifficulty = difficulty;
        }
    }

    private void add(int w, long bucketMillis, double difficulty, long timeMillis) {
        long id = Math.floorDiv(timeMillis, bucketMillis);
        int slot = (int) Math.floorMod(id, (long) BUCKETS);
        if (bucketIds[w][slot] > id) {
            return; // older than the window this ring still holds
        }
        if (bucketIds[w][slot] < id) {
            bucketIds[w][slot] = id;
            counts[w][slot] = 0;
            sums[w][slot] = 0;
            squares[w][slot] = 0;
        }
        counts[w][slot]++;
        sums[w][slot] += difficulty;
        squares[w][slot] += difficulty * difficulty;
    }

    synchronized List<HashrateEstimate> estimates(long nowMillis) {
        return estimates(nowMillis, Long.MAX_VALUE, 0);
    }

    /**
     * Estimates over the time actually observed: each window is cut to start no earlier than
     * {@code observedSinceMillis} or this meter's first share, whichever is older, so a worker
     * (or pool) younger than a window is not divided by time it was not there.
     * {@code fallbackDifficulty} sizes the upper limit of a meter that has no share yet.
     */
    synchronized List<HashrateEstimate> estimates(long nowMillis, long observedSinceMillis, double fallbackDifficulty) {
        long since = Math.min(observedSinceMillis, firstShareMillis);
        double[][] totals = new double[HashrateWindow.values().length][];
        for (HashrateWindow w : HashrateWindow.values()) {
            totals[w.ordinal()] = totals(w, nowMillis, since);
        }
        double day = workPerUnit(totals[HashrateWindow.D1.ordinal()]);
        double unit = day > 0 ? day : fallbackDifficulty;
        List<HashrateEstimate> out = new ArrayList<>(totals.length);
        for (HashrateWindow w : HashrateWindow.values()) {
            out.add(interval(w, totals[w.ordinal()], unit));
        }
        return out;
    }

    synchronized long lastShareMillis() {
        return lastShareMillis;
    }

    synchronized long firstShareMillis() {
        return firstShareMillis;
    }

    /**
     * {count, Σd, Σd², seconds covered} over the window's buckets up to now; the seconds start no
     * earlier than {@code sinceMillis} (at least one second, so a brand-new meter divides by something).
     */
    private double[] totals(HashrateWindow w, long nowMillis, long sinceMillis) {
        long bucketMillis = bucketMillis(w);
        long current = Math.floorDiv(nowMillis, bucketMillis);
        long oldest = current - BUCKETS + 1;
        double[] t = new double[4];
        for (int slot = 0; slot < BUCKETS; slot++) {
            long id = bucketIds[w.ordinal()][slot];
            if (id >= oldest && id <= current) {
                t[0] += counts[w.ordinal()][slot];
                t[1] += sums[w.ordinal()][slot];
                t[2] += squares[w.ordinal()][slot];
            }
        }
        long start = Math.max(oldest * bucketMillis, sinceMillis);
        t[3] = Math.max(1000, nowMillis - start) / 1000.0;
        return t;
    }

    /**
     * Σd²/Σd over the last 24 h: the work one "effective share" stands for. With one difficulty it
     * is that difficulty; with a mix (vardiff, several workers) it weighs the large shares that
     * carry most of the work. Taken from the long window because a short one often holds none of
     * the rare large shares and would make the interval too narrow.
     */
    private double workPerUnit(double[] day) {
        return day[1] > 0 ? day[2] / day[1] : lastDifficulty;
    }

    /**
     * Accepted work is a compound Poisson sum with variance λT·E[d²] = E[work]·unit, so work/unit
     * is treated as a Poisson count (the quasi-Poisson scaling; exact when all difficulties are
     * equal, where it is the share count) and Garwood's limits for it are scaled back by unit.
     */
    private static HashrateEstimate interval(HashrateWindow w, double[] t, double unit) {
        double scale = TWO_POW_32 / t[3];
        double units = unit > 0 ? t[1] / unit : 0;
        return new HashrateEstimate(w, t[1] * scale, PoissonInterval.lower(units) * unit * scale,
                PoissonInterval.upper(units) * unit * scale, (long) t[0], t[1], t[3]);
    }

    private static long bucketMillis(HashrateWindow w) {
        return w.length().toMillis() / BUCKETS;
    }
}

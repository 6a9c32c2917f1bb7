package io.stratumpool.pool.accounting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Accepted work of one worker, user or the pool, in one ring of time buckets per window. A share
 * costs a few array updates per window under this meter's lock. An estimate covers the buckets of
 * the last window up to now, and divides by exactly the time they span (a whole number of buckets
 * plus the current, partial one), so bucketing adds no bias: fewer buckets only make a window
 * slide in coarser steps.
 *
 * <p>Compact, because every active worker has one: each window keeps only the id of its newest
 * bucket (the ring holds that bucket and the {@code buckets - 1} before it; slots a jump skips are
 * cleared), the share count as an {@code int} and Σd per bucket, and Σd² only for the 24 h window,
 * the one {@link #workPerUnit} reads. All windows share one array of each kind. A worker's meter
 * ({@link #forWorker()}, 12 buckets) takes about 0.8 KiB, the pool's and a user's (30) about 1.9 KiB.
 */
final class HashrateMeter {
    static final int BUCKETS = 30;
    static final int WORKER_BUCKETS = 12;
    private static final int WINDOWS = HashrateWindow.values().length;
    private static final int DAY = HashrateWindow.D1.ordinal();
    private static final double TWO_POW_32 = 4294967296.0;
    private static final long NONE = Long.MIN_VALUE;

    private final int buckets;
    private final long[] newest = new long[WINDOWS];
    private final int[] counts;
    private final double[] sums;
    private final double[] daySquares;
    private double lastDifficulty;
    private long lastShareMillis = Long.MIN_VALUE;
    private long firstShareMillis = Long.MAX_VALUE;

    /** The pool's or a user's meter: {@value #BUCKETS} buckets per window. */
    HashrateMeter() {
        this(BUCKETS);
    }

    HashrateMeter(int buckets) {
        if (buckets < 2 || HashrateWindow.M1.length().toMillis() % buckets != 0) {
            throw new IllegalArgumentException("buckets must be at least 2 and divide a minute in whole milliseconds: " + buckets);
        }
        this.buckets = buckets;
        this.counts = new int[WINDOWS * buckets];
        this.sums = new double[WINDOWS * buckets];
        this.daySquares = new double[buckets];
        Arrays.fill(newest, NONE);
    }

    /** A worker's meter: {@value #WORKER_BUCKETS} buckets per window. */
    static HashrateMeter forWorker() {
        return new HashrateMeter(WORKER_BUCKETS);
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
        long head = newest[w];
        if (head == NONE || id - head >= buckets) {
            clear(w, 0, buckets);
            newest[w] = id;
        } else if (id > head) {
            for (long skipped = head + 1; skipped <= id; skipped++) {
                clear(w, slot(skipped), 1);
            }
            newest[w] = id;
        } else if (id <= head - buckets) {
            return; // older than the window this ring still holds
        }
        int i = w * buckets + slot(id);
        counts[i]++;
        sums[i] += difficulty;
        if (w == DAY) {
            daySquares[slot(id)] += difficulty * difficulty;
        }
    }

    private void clear(int w, int fromSlot, int slots) {
        Arrays.fill(counts, w * buckets + fromSlot, w * buckets + fromSlot + slots, 0);
        Arrays.fill(sums, w * buckets + fromSlot, w * buckets + fromSlot + slots, 0);
        if (w == DAY) {
            Arrays.fill(daySquares, fromSlot, fromSlot + slots, 0);
        }
    }

    private int slot(long id) {
        return (int) Math.floorMod(id, (long) buckets);
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
        double[][] totals = new double[WINDOWS][];
        for (HashrateWindow w : HashrateWindow.values()) {
            totals[w.ordinal()] = totals(w, nowMillis, since);
        }
        double day = workPerUnit(totals[DAY]);
        double unit = day > 0 ? day : fallbackDifficulty;
        List<HashrateEstimate> out = new ArrayList<>(WINDOWS);
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
     * {count, Σd, Σd² (24 h window only), seconds covered} over the window's buckets up to now; the
     * seconds start no earlier than {@code sinceMillis} (at least one second, so a brand-new meter
     * divides by something).
     */
    private double[] totals(HashrateWindow w, long nowMillis, long sinceMillis) {
        long bucketMillis = bucketMillis(w);
        long current = Math.floorDiv(nowMillis, bucketMillis);
        long oldest = current - buckets + 1;
        double[] t = new double[4];
        long head = newest[w.ordinal()];
        if (head != NONE) {
            for (long id = Math.max(oldest, head - buckets + 1); id <= Math.min(current, head); id++) {
                int i = w.ordinal() * buckets + slot(id);
                t[0] += counts[i];
                t[1] += sums[i];
                if (w.ordinal() == DAY) {
                    t[2] += daySquares[slot(id)];
                }
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

    private long bucketMillis(HashrateWindow w) {
        return w.length().toMillis() / buckets;
    }
}

package io.stratumpool.pool.session;

/**
 * Watches a connection's share quality in windows of {@link #WINDOW} shares: when invalid shares
 * (stale ones excluded: those follow block changes, not broken miners) exceed the allowed ratio
 * of a full window, the connection is to be banned. A ratio of 1 disables it.
 */
public final class InvalidShareGuard {
    static final int WINDOW = 100;

    private final double maxRatio;
    private int seen;
    private int invalid;

    public InvalidShareGuard(double maxRatio) {
        this.maxRatio = maxRatio;
    }

    public void onValid() {
        count(false);
    }

    /** Counts an invalid share; true when the window just closed over the limit. */
    public boolean onInvalid() {
        return count(true);
    }

    private boolean count(boolean bad) {
        seen++;
        if (bad) {
            invalid++;
        }
        if (seen < WINDOW) {
            return false;
        }
        boolean over = maxRatio < 1 && invalid > maxRatio * seen;
        seen = 0;
        invalid = 0;
        return over;
    }
}

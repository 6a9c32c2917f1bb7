package io.stratumpool.pool.session;

/**
 * A token bucket over requests: a burst of two seconds' worth, refilled at the configured rate.
 * Valid shares are refunded, so only other requests (invalid shares among them) are limited.
 * One per connection, V1 session or V2 connection alike.
 */
public final class RequestRateLimiter {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long last;

    public RequestRateLimiter(int perSecond) {
        this.ratePerNano = perSecond / 1e9;
        this.capacity = 2.0 * perSecond;
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    public boolean tryAcquire(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) * ratePerNano);
        last = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Gives back the token of a request that turned out not to count (a valid share). */
    public void refund() {
        tokens = Math.min(capacity, tokens + 1);
    }
}

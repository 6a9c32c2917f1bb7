package io.stratumpool.pool.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the better way of hearing about new blocks (a long poll, a ZMQ subscription) can be
 * trusted right now. When it errs (an RPC error, a malformed answer, silence while the chain moved)
 * the source falls back to polling {@code getbestblockhash} at the fast interval: one warning when
 * that starts and one line when the method works again, never a node-down event, and the method is
 * tried again after a backoff that grows while it keeps failing. Failures are forgotten only after
 * a quiet spell, so a method that fails now and then cannot make the source flip back and forth.
 * Confined to the template source's scheduler thread.
 */
final class TipMethodHealth {
    private static final Logger log = LoggerFactory.getLogger(TipMethodHealth.class);
    private static final Logger degradedEvent = LoggerFactory.getLogger("event.tip-detection-degraded");
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long MAX_RETRY_MILLIS = 60_000;

    private final String method;
    private final Backoff backoff = new Backoff(FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS);
    private boolean degraded;
    private int failures;
    private long lastFailureNanos;
    private long degradations;

    TipMethodHealth(String method) {
        this.method = method;
    }

    boolean degraded() {
        return degraded;
    }

    /** Times the method was given up for polling. */
    long degradations() {
        return degradations;
    }

    /** The method failed on {@code node}; returns the wait before trying it again. */
    long failed(NodeHandle node, String reason, long pollMillis, long nowNanos) {
        if (failures > 0 && nowNanos - lastFailureNanos > 2 * MAX_RETRY_MILLIS * 1_000_000) {
            failures = 0; // a quiet spell since the last failure: start the backoff afresh
        }
        long retryMillis = backoff.delayMillis(failures);
        failures++;
        lastFailureNanos = nowNanos;
        if (!degraded) {
            degraded = true;
            degradations++;
            degradedEvent.warn("tip detection on node {}: {} failed ({}); polling getbestblockhash every {} ms instead,"
                    + " trying {} again in {} ms (the node stays up: only getblocktemplate decides that)", node, method,
                    reason, pollMillis, method, retryMillis);
        } else {
            log.debug("tip detection on node {}: {} failed again ({}); next try in {} ms", node, method, reason,
                    retryMillis);
        }
        return retryMillis;
    }

    /** The method delivered (a long poll answered, a ZMQ message came first). */
    void succeeded(NodeHandle node) {
        if (degraded) {
            degraded = false;
            log.info("tip detection on node {}: {} works again; polling back to the fallback interval", node, method);
        }
    }
}

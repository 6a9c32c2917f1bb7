package io.stratumpool.sim;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Wakes threads waiting for a condition on miners. Events that matter to tests (replies, shares,
 * failures) fire it; conditions nobody fires for (hash counts) are still rechecked every
 * {@link #RECHECK_MILLIS} so no waiter depends on being told.
 */
final class Signal {
    static final long RECHECK_MILLIS = 50;

    synchronized void fire() {
        notifyAll();
    }

    /** Waits until the condition holds or the timeout passes; returns the condition's last value. */
    boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.getAsBoolean()) {
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    return condition.getAsBoolean();
                }
                try {
                    wait(Math.min(remainingMillis, RECHECK_MILLIS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.getAsBoolean();
                }
            }
            return true;
        }
    }
}

package io.stratumpool.sim;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a timeout passes: the one wait loop of the simulator's and the pool's tests,
 * for conditions nothing signals (a fake pool's connections, a node's block count, a metrics scrape).
 */
public final class Waits {
    /** Short next to any timeout a test sets, long enough not to busy-spin on a shared machine. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(20);

    private Waits() {
    }

    /** Whether the condition held within the timeout; for a caller that asserts on the answer itself. */
    public static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        return poll(condition, timeout, DEFAULT_INTERVAL);
    }

    /** Waits for the condition; fails with an {@link AssertionError} naming {@code what} when it does not hold in time. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        until(() -> what, timeout, DEFAULT_INTERVAL, condition);
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}, with {@code what} built only on failure (it may show state). */
    public static void until(Supplier<String> what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        until(what, timeout, DEFAULT_INTERVAL, condition);
    }

    /** As {@link #until(Supplier, Duration, BooleanSupplier)}, checking every {@code interval} (for costly conditions). */
    public static void until(Supplier<String> what, Duration timeout, Duration interval, BooleanSupplier condition)
            throws InterruptedException {
        if (!poll(condition, timeout, interval)) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
        }
    }

    /** The condition is asked once more at the deadline, so a late wake-up cannot fail a condition that now holds. */
    private static boolean poll(BooleanSupplier condition, Duration timeout, Duration interval)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return condition.getAsBoolean();
            }
            Thread.sleep(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000)));
        }
        return true;
    }
}

package io.stratumpool.sim;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on conditions outside any miner (the fake pool's side), checking every few milliseconds. */
final class Waits {
    private Waits() {
    }

    static boolean until(BooleanSupplier condition, Duration timeout) {
        return new Signal().await(condition, timeout);
    }
}

package io.stratumpool.sim;

/**
 * Told the outcome of every share a miner submits (background hashing and {@link SimMiner#submit}
 * alike; raw lines are not shares). Runs on the miner's I/O thread: keep it quick and thread-safe,
 * as one listener usually serves a whole fleet.
 */
@FunctionalInterface
public interface ShareListener {
    ShareListener NONE = outcome -> { };

    void onOutcome(ShareOutcome outcome);
}

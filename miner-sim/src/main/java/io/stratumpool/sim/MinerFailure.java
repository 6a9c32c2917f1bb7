package io.stratumpool.sim;

/** Completes a miner's outstanding requests when it failed or its connection closed. */
public final class MinerFailure extends RuntimeException {
    public MinerFailure(String reason) {
        super(reason, null, false, false);
    }
}

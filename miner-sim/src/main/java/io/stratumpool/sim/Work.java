package io.stratumpool.sim;

import io.stratumpool.validator.Target;

/**
 * What a miner hashes on right now: a job, the session's extranonce1, the granted version mask and
 * the share target. {@code generation} changes whenever the header space changes (new job,
 * extranonce or mask) but not for a difficulty change, so a search continues across retargets.
 */
record Work(
        long generation,
        StratumJob job,
        byte[] extranonce1,
        int extranonce2Size,
        long versionMask,
        boolean versionRolling,
        double difficulty,
        Target shareTarget,
        Target networkTarget) {
}

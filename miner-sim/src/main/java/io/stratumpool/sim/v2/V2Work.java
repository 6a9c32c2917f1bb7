package io.stratumpool.sim.v2;

import io.stratumpool.sv2.codec.U256;
import io.stratumpool.validator.Target;

/**
 * What the hash threads search, published whole by the session: the active job under the current
 * prev hash, the channel target and, on an extended channel, the pool's extranonce prefix and the
 * size of the miner's own extranonce. A new instance on every change: the searcher tells work
 * apart by identity.
 *
 * @param versionMask the bits rolled on this job, 0 for none
 */
record V2Work(long channelId, V2Job job, byte[] prevHash, long nBits, long nTime,
        U256 target, Target shareTarget, Target networkTarget, byte[] extranoncePrefix, int extranonceSize,
        long versionMask) {
}

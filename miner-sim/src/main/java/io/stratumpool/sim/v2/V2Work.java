package io.stratumpool.sim.v2;

import io.stratumpool.sv2.codec.U256;
import io.stratumpool.validator.Target;

/**
 * What the hash threads search, published whole by the session: the active job under the current
 * prev hash, the channel target and, on an extended channel, the pool's extranonce prefix and the
 * size of the miner's own extranonce. A new generation on every change.
 *
 * @param epoch counts SetNewPrevHash messages: a share of an older epoch is stale and not sent
 */
record V2Work(long generation, long epoch, long channelId, V2Job job, byte[] prevHash, long nBits, long nTime,
        U256 target, Target shareTarget, Target networkTarget, byte[] extranoncePrefix, int extranonceSize,
        long versionMask) {
}

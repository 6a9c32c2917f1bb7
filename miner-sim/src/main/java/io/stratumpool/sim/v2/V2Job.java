package io.stratumpool.sim.v2;

import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.NewExtendedMiningJob;
import io.stratumpool.sv2.message.NewMiningJob;
import java.util.List;
import java.util.OptionalLong;

/**
 * A job as the miner holds it, from either job message: a standard job carries its merkle root,
 * an extended one the coinbase halves and merkle path.
 *
 * @param minNtime empty for a future job (it waits for SetNewPrevHash)
 */
record V2Job(long jobId, OptionalLong minNtime, long version, boolean versionRollingAllowed, byte[] merkleRoot,
        byte[] coinbasePrefix, byte[] coinbaseSuffix, List<byte[]> merklePath) {

    static V2Job of(NewMiningJob m) {
        // Standard jobs: the general purpose bits "can be freely manipulated" (spec 5.3.13).
        return new V2Job(m.jobId(), m.minNtime(), m.version(), true, m.merkleRoot().toByteArray(), null, null, List.of());
    }

    static V2Job of(NewExtendedMiningJob m) {
        return new V2Job(m.jobId(), m.minNtime(), m.version(), m.versionRollingAllowed(), null,
                m.coinbaseTxPrefix().toByteArray(), m.coinbaseTxSuffix().toByteArray(),
                m.merklePath().stream().map(U256::toByteArray).toList());
    }

    boolean future() {
        return minNtime.isEmpty();
    }

    boolean extended() {
        return merkleRoot == null;
    }
}

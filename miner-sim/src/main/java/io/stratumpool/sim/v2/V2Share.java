package io.stratumpool.sim.v2;

import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.validator.Hex;

/**
 * A share the V2 miner found: the submitted fields, the target of the channel when it was found
 * (what the pool should have accepted it at) and the header hash it achieved.
 *
 * @param channelId       the channel it was submitted on
 * @param sequenceNumber  its sequence_number, or -1 before it was submitted
 * @param jobId           job_id
 * @param nonce           nonce (U32)
 * @param ntime           ntime (U32)
 * @param version         the full rolled nVersion (U32)
 * @param extranonce      the miner's extranonce on an extended channel (after the pool's prefix), empty on a standard one
 * @param target          the channel's target it met
 * @param hash            the header's SHA-256d, internal (little-endian) byte order
 * @param block           true when it also meets the network target (nBits)
 */
public record V2Share(
        long channelId,
        long sequenceNumber,
        long jobId,
        long nonce,
        long ntime,
        long version,
        Bytes extranonce,
        U256 target,
        byte[] hash,
        boolean block) {

    public V2Share {
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** The difficulty of the channel target the share met (diff1 / target). */
    public double targetDifficulty() {
        return io.stratumpool.validator.Target.of(target.toBigInteger()).difficulty();
    }

    /** The difficulty the hash achieved (diff1 / hash). */
    public double hashDifficulty() {
        return io.stratumpool.validator.Target.difficultyOf(hash, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof V2Share s && s.channelId == channelId && s.sequenceNumber == sequenceNumber && s.jobId == jobId
                && s.nonce == nonce && s.ntime == ntime && s.version == version && s.extranonce.equals(extranonce)
                && s.target.equals(target) && java.util.Arrays.equals(s.hash, hash) && s.block == block;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(channelId, sequenceNumber, jobId, nonce, ntime, version, extranonce)
                * 31 + java.util.Arrays.hashCode(hash);
    }

    V2Share withSequenceNumber(long n) {
        return new V2Share(channelId, n, jobId, nonce, ntime, version, extranonce, target, hash, block);
    }

    @Override
    public String toString() {
        return String.format("V2Share[channel=%d seq=%d job=%d nonce=%08x ntime=%08x version=%08x extranonce=%s hash=%s%s]",
                channelId, sequenceNumber, jobId, nonce, ntime, version, extranonce, Hex.encodeReversed(hash),
                block ? " BLOCK" : "");
    }
}

package io.stratumpool.sim.v2;

import io.stratumpool.sim.HeaderBits;
import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.validator.BlockHeader;
import io.stratumpool.validator.Sha256d;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Walks a V2 job's header space like an ASIC: nonces innermost, then rolled version bits within
 * the mask, then a fresh extranonce (extended channel) or the next nTime (standard channel, whose
 * merkle root is fixed: the job's own, or built from a group's extended job and the channel's
 * extranonce prefix). Keeps its position across batches. Not thread-safe.
 */
final class V2Searcher {
    private static final long NONCE_LIMIT = 0x1_0000_0000L;

    private final Sha256d sha = new Sha256d();
    private final LongSupplier extranonceAllocator;
    private final byte[] header = new byte[BlockHeader.SIZE];
    private final byte[] hash = new byte[32];
    private V2Work current; // by identity: each connection numbers its generations afresh
    private byte[] extranonce = new byte[0];
    private long versionIndex;
    private long version;
    private long nTime;
    private long nonce;

    /** @param extranonceAllocator hands out extranonce counters never used before by this miner */
    V2Searcher(LongSupplier extranonceAllocator) {
        this.extranonceAllocator = extranonceAllocator;
    }

    /** Hashes {@code maxHashes} headers, passing every share (channel or network target met) to the sink. */
    long search(V2Work work, long maxHashes, Consumer<V2Share> sink) {
        if (work != current) {
            begin(work);
        }
        for (long done = 0; done < maxHashes; done++) {
            if (nonce == NONCE_LIMIT) {
                advance(work);
            }
            HeaderBits.putNonce(header, nonce);
            sha.hash(header, 0, BlockHeader.SIZE, hash, 0);
            if (work.shareTarget().isMetBy(hash, 0) || work.networkTarget().isMetBy(hash, 0)) {
                sink.accept(current(work));
            }
            nonce++;
        }
        return maxHashes;
    }

    private void begin(V2Work work) {
        current = work;
        nTime = work.nTime();
        versionIndex = firstVersionIndex(work);
        extranonce = nextExtranonce(work);
        rebuild(work);
    }

    private void advance(V2Work work) {
        long maxIndex = (1L << Long.bitCount(activeMask(work))) - 1;
        if (versionIndex < maxIndex) {
            versionIndex++;
        } else if (work.job().extended() && work.extranonceSize() > 0) {
            versionIndex = firstVersionIndex(work);
            extranonce = nextExtranonce(work);
        } else {
            versionIndex = firstVersionIndex(work);
            nTime = (nTime + 1) & 0xffffffffL;
        }
        rebuild(work);
    }

    // Index 0 would leave every rolled bit clear; start at 1 so rolling shows in the submits.
    private static long firstVersionIndex(V2Work work) {
        return activeMask(work) == 0 ? 0 : 1;
    }

    static long activeMask(V2Work work) {
        return work.versionMask();
    }

    private byte[] nextExtranonce(V2Work work) {
        return work.job().extended() ? HeaderBits.counterBytes(extranonceAllocator.getAsLong(), work.extranonceSize()) : new byte[0];
    }

    private void rebuild(V2Work work) {
        long mask = activeMask(work);
        version = BlockHeader.rollVersion(work.job().version(), HeaderBits.deposit(versionIndex, mask), mask);
        byte[] root = work.job().extended() ? merkleRoot(work, extranonce) : work.job().merkleRoot();
        BlockHeader.write(header, version, work.prevHash(), root, nTime, work.nBits(), 0);
        nonce = 0;
    }

    /** coinbase = prefix + extranonce_prefix + extranonce + suffix; its txid folded up the merkle path. */
    static byte[] merkleRoot(V2Work work, byte[] extranonce) {
        V2Job job = work.job();
        byte[] prefix = work.extranoncePrefix();
        byte[] coinbase = new byte[job.coinbasePrefix().length + prefix.length + extranonce.length + job.coinbaseSuffix().length];
        int p = put(coinbase, job.coinbasePrefix(), 0);
        p = put(coinbase, prefix, p);
        p = put(coinbase, extranonce, p);
        put(coinbase, job.coinbaseSuffix(), p);
        Sha256d sha = Sha256d.local();
        byte[] node = new byte[32];
        sha.hash(coinbase, 0, coinbase.length, node, 0);
        for (byte[] sibling : job.merklePath()) {
            sha.hashPair(node, 0, sibling, 0, node, 0);
        }
        return node;
    }

    private static int put(byte[] out, byte[] bytes, int offset) {
        System.arraycopy(bytes, 0, out, offset, bytes.length);
        return offset + bytes.length;
    }

    private V2Share current(V2Work work) {
        return new V2Share(work.channelId(), -1, work.job().jobId(), nonce, nTime, version,
                Bytes.of(extranonce), work.target(), hash, work.networkTarget().isMetBy(hash, 0));
    }
}

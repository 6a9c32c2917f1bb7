package io.stratumpool.pool.v2;

import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.session.SessionDifficulty;
import io.stratumpool.pool.session.Vardiff;
import io.stratumpool.pool.share.Worker;
import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.NewExtendedMiningJob;
import io.stratumpool.sv2.message.NewMiningJob;
import io.stratumpool.sv2.message.SetNewPrevHash;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.Merkle;
import java.util.List;
import java.util.OptionalLong;

/**
 * One mining channel of a V2 connection. Its extranonce1 comes from the pool's one allocator, as a
 * V1 session's does, so the coinbase of a channel is exactly the V1 coinbase for that extranonce:
 * a standard channel mines {@code coinb1 ‖ extranonce1 ‖ zeros(extranonce2Size) ‖ coinb2} (the pool
 * folds its merkle root), an extended channel gets {@code coinb1} as its coinbase prefix, the
 * extranonce1 as its extranonce prefix, {@code extranonce2Size} bytes of its own and {@code coinb2}
 * as the suffix. Used on the connection's event loop only.
 */
final class V2Channel {
    final long id;
    final boolean extended;
    final Worker worker;
    final byte[] extranonce1;
    final byte[] standardExtranonce2;
    final SessionDifficulty difficulty;
    final String payoutKey;
    Vardiff vardiff;
    /** The highest job sequence sent on this channel. */
    long sentUpTo;
    // Acknowledgements waiting to go out as one SubmitShares.Success.
    int pendingAcks;
    long lastAckedSequence;
    double pendingDifficulty;
    boolean flushScheduled;
    // Written on the event loop, read by the API threads.
    volatile long accepted;
    volatile long rejected;
    volatile long stale;
    volatile double acceptedDifficulty;
    volatile long lastShareAt = Long.MIN_VALUE;
    volatile double bestShare;

    V2Channel(long id, boolean extended, Worker worker, byte[] extranonce1, int extranonce2Size,
            SessionDifficulty difficulty, String payoutKey) {
        this.id = id;
        this.extended = extended;
        this.worker = worker;
        this.extranonce1 = extranonce1.clone();
        this.standardExtranonce2 = new byte[extranonce2Size];
        this.difficulty = difficulty;
        this.payoutKey = payoutKey;
    }

    /**
     * The job message for this channel: a future job (no min_ntime) to be activated by the
     * {@link #prevHash} that follows it, or one active at once.
     */
    Sv2Message job(JobEntry entry, boolean future) {
        Job job = entry.job();
        OptionalLong minNtime = future ? OptionalLong.empty() : OptionalLong.of(job.minNTime());
        if (!extended) {
            return new NewMiningJob(id, entry.seq(), minNtime, job.version(), U256.wrap(merkleRoot(job).bytes()));
        }
        List<U256> path = job.merkleBranch().stream().map(h -> U256.wrap(h.bytes())).toList();
        return new NewExtendedMiningJob(id, entry.seq(), minNtime, job.version(), true, path,
                Bytes.of(job.coinbase().coinb1()), Bytes.of(job.coinbase().coinb2()));
    }

    /** The SetNewPrevHash that activates {@code entry}, sent as a future job just before. */
    SetNewPrevHash prevHash(JobEntry entry) {
        Job job = entry.job();
        return new SetNewPrevHash(id, entry.seq(), U256.wrap(job.prevHash().bytes()), job.minNTime(), job.nBits());
    }

    /** A standard channel's merkle root: the V1 coinbase for its extranonce, folded up the branch. */
    Hash256 merkleRoot(Job job) {
        return Merkle.foldBranch(job.coinbase().txid(extranonce1, standardExtranonce2), job.merkleBranch());
    }

    /** The extranonce2 a share of this channel used: fixed zeros on a standard channel. */
    byte[] extranonce2(Bytes submitted) {
        return extended ? submitted.toByteArray() : standardExtranonce2;
    }
}

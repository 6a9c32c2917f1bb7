package io.stratumpool.pool.job;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.stratumpool.pool.stratum.StratumMessages;
import io.stratumpool.validator.Job;
import java.nio.charset.StandardCharsets;

/**
 * A job as the pool tracks it: the validator's {@link Job}, its sequence number (jobs sent later
 * have higher numbers), the tip it builds on, and its {@code mining.notify} lines serialized once
 * (with clean_jobs true and false) for every connection to share.
 */
public final class JobEntry {
    private final Job job;
    private final long seq;
    private final long tipSeq;
    private final String payoutKey;
    private final double networkDifficulty;
    private final ByteBuf notifyClean;
    private final ByteBuf notifyUpdate;

    JobEntry(Job job, long seq, long tipSeq, String payoutKey) {
        this.job = job;
        this.seq = seq;
        this.tipSeq = tipSeq;
        this.payoutKey = payoutKey;
        this.networkDifficulty = job.networkTarget().difficulty();
        this.notifyClean = serialize(job, true);
        this.notifyUpdate = serialize(job, false);
    }

    public Job job() {
        return job;
    }

    public String jobId() {
        return job.jobId();
    }

    public long seq() {
        return seq;
    }

    public long tipSeq() {
        return tipSeq;
    }

    /**
     * The network difficulty of the job's block, computed once: every share's ledger record
     * carries it, and {@code Target.difficulty()} is BigDecimal arithmetic.
     */
    public double networkDifficulty() {
        return networkDifficulty;
    }

    /** Whose coinbase this job pays: null for the pool's own, a payout address in solo mode. */
    public String payoutKey() {
        return payoutKey;
    }

    /** A retained view of the notify line: the caller writes it (the write releases it). */
    public ByteBuf notifyLine(boolean clean) {
        return (clean ? notifyClean : notifyUpdate).retainedDuplicate();
    }

    public String notifyText(boolean clean) {
        return (clean ? notifyClean : notifyUpdate).toString(StandardCharsets.UTF_8);
    }

    void release() {
        notifyClean.release();
        notifyUpdate.release();
    }

    private static ByteBuf serialize(Job job, boolean clean) {
        byte[] line = StratumMessages.notify(job.jobId(), job.prevHashStratum(), job.coinbase().coinb1Hex(),
                job.coinbase().coinb2Hex(), job.merkleBranchHex(), job.versionHex(), job.nBitsHex(), job.nTimeHex(), clean)
                .getBytes(StandardCharsets.US_ASCII);
        return Unpooled.directBuffer(line.length).writeBytes(line);
    }

    @Override
    public String toString() {
        return "JobEntry[" + job.jobId() + " seq " + seq + " height " + job.height() + "]";
    }
}

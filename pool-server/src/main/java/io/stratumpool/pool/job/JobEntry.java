package io.stratumpool.pool.job;

import io.stratumpool.validator.Job;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A job as the pool tracks it: the validator's {@link Job}, its id and sequence number (jobs sent
 * later have higher numbers), the tip it builds on, and the wire forms the protocol edges made of it
 * (see {@link JobEncoding}), each built once for every connection to share.
 */
public final class JobEntry {
    private final Job job;
    private final String jobId;
    private final long seq;
    private final long tipSeq;
    private final String payoutKey;
    private final CoinbasePlan plan;
    private final double networkDifficulty;
    private final Map<JobEncoding<?>, Object> encoded = new IdentityHashMap<>(2);
    private boolean released;

    JobEntry(Job job, long seq, long tipSeq, String payoutKey, CoinbasePlan plan) {
        this.job = job;
        this.plan = plan;
        this.jobId = Long.toHexString(seq);
        this.seq = seq;
        this.tipSeq = tipSeq;
        this.payoutKey = payoutKey;
        this.networkDifficulty = job.networkTarget().difficulty();
    }

    public Job job() {
        return job;
    }

    /**
     * The id miners see: the sequence number in hex. A reissued job (the same work after a
     * difficulty change, see {@link JobManager#reissue}) has its own id and shares the validator's
     * job, so a share is judged, and a duplicate found, the same under either id.
     */
    public String jobId() {
        return jobId;
    }

    /** A new entry for the same work under a new id and sequence number. */
    JobEntry reissued(long newSeq) {
        return new JobEntry(job, newSeq, tipSeq, payoutKey, plan);
    }

    /** What the job's coinbase pays, and to whom: a block found with this job pays exactly this. */
    public CoinbasePlan plan() {
        return plan;
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

    /**
     * This job in an edge's wire form, encoded on first use and shared from then on; null once the
     * job is forgotten, so that nothing is cached after {@link #release} (the edge then builds a
     * throwaway form, if it still wants to send the job at all).
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T encoded(JobEncoding<T> encoding) {
        return released ? null : (T) encoded.computeIfAbsent(encoding, e -> e.encode(this));
    }

    /** Called once the job is forgotten: every cached wire form goes back to its encoding. */
    @SuppressWarnings("unchecked")
    synchronized void release() {
        released = true;
        encoded.forEach((encoding, form) -> ((JobEncoding<Object>) encoding).release(form));
        encoded.clear();
    }

    @Override
    public String toString() {
        return "JobEntry[" + jobId + " seq " + seq + " height " + job.height() + "]";
    }
}

package io.stratumpool.validator;

import java.util.List;

/**
 * One unit of work as miners receive it in {@code mining.notify}: a template, its coinbase split
 * around the extranonce, and the coinbase's merkle branch. Immutable apart from its duplicate filter.
 */
public final class Job {
    /** How far past the job's nTime a share may roll nTime (Bitcoin allows 2 h into the future). */
    public static final long DEFAULT_MAX_NTIME_ROLL = 7000;

    private final String jobId;
    private final BlockTemplate template;
    private final Coinbase coinbase;
    private final List<Hash256> merkleBranch;
    private final byte[] merkleBranchFlat;
    private final byte[] prevHash;
    private final long nTime;
    private final long minNTime;
    private final long maxNTime;
    private final Target networkTarget;
    private final DuplicateFilter duplicates = new DuplicateFilter();

    public Job(String jobId, BlockTemplate template, Coinbase coinbase, long nTime, long maxNTimeRoll) {
        if (jobId == null || jobId.isEmpty()) {
            throw new IllegalArgumentException("jobId: empty");
        }
        this.jobId = jobId;
        this.template = template;
        this.coinbase = coinbase;
        this.merkleBranch = Merkle.coinbaseBranch(template.txids());
        this.merkleBranchFlat = new byte[32 * merkleBranch.size()];
        for (int i = 0; i < merkleBranch.size(); i++) {
            merkleBranch.get(i).writeTo(merkleBranchFlat, 32 * i);
        }
        this.prevHash = template.prevHash().bytes();
        this.nTime = nTime;
        this.minNTime = Math.max(nTime, template.minTime());
        this.maxNTime = nTime + maxNTimeRoll;
        this.networkTarget = template.networkTarget();
    }

    /** A job whose nTime is the template's curtime, with the default nTime roll window. */
    public static Job of(String jobId, BlockTemplate template, Coinbase coinbase) {
        return new Job(jobId, template, coinbase, Math.max(template.curTime(), template.minTime()), DEFAULT_MAX_NTIME_ROLL);
    }

    public String jobId() {
        return jobId;
    }

    public BlockTemplate template() {
        return template;
    }

    public Coinbase coinbase() {
        return coinbase;
    }

    public List<Hash256> merkleBranch() {
        return merkleBranch;
    }

    public long version() {
        return template.version() & 0xffffffffL;
    }

    public long nBits() {
        return template.nBits();
    }

    public long nTime() {
        return nTime;
    }

    public long minNTime() {
        return minNTime;
    }

    public long maxNTime() {
        return maxNTime;
    }

    public long height() {
        return template.height();
    }

    public Target networkTarget() {
        return networkTarget;
    }

    public Hash256 prevHash() {
        return template.prevHash();
    }

    public DuplicateFilter duplicates() {
        return duplicates;
    }

    // Package-private views for the validator's hot path; never modified.
    byte[] merkleBranchFlat() {
        return merkleBranchFlat;
    }

    byte[] prevHashBytes() {
        return prevHash;
    }

    /** The Stratum {@code mining.notify} params other than clean_jobs, as hex text. */
    public String prevHashStratum() {
        return template.prevHash().toStratumHex();
    }

    public List<String> merkleBranchHex() {
        return merkleBranch.stream().map(Hash256::toHex).toList();
    }

    public String versionHex() {
        return String.format("%08x", version());
    }

    public String nBitsHex() {
        return String.format("%08x", nBits());
    }

    public String nTimeHex() {
        return String.format("%08x", nTime);
    }

    /**
     * The full block for a block-solving share: header, transaction count, the coinbase (with
     * witness when segwit) and the template's transactions as given.
     */
    public byte[] serializeBlock(byte[] header, byte[] extranonce1, byte[] extranonce2) {
        ByteWriter out = new ByteWriter(1024 + template.transactions().stream().mapToInt(t -> t.data().length).sum());
        out.writeBytes(header, 0, BlockHeader.SIZE);
        out.writeCompactSize(1L + template.transactions().size());
        out.writeBytes(coinbase.forBlock(extranonce1, extranonce2));
        for (TemplateTransaction tx : template.transactions()) {
            out.writeBytes(tx.data());
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "Job[" + jobId + " height " + template.height() + "]";
    }
}

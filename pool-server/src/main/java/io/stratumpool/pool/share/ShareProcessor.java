package io.stratumpool.pool.share;

import io.netty.util.concurrent.FastThreadLocal;
import io.stratumpool.pool.block.BlockSubmitter;
import io.stratumpool.pool.block.FoundBlock;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.ledger.ShareLedger;
import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.stratum.StratumError;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.ShareValidator;
import io.stratumpool.validator.Submission;
import io.stratumpool.validator.Target;
import io.stratumpool.validator.Verdict;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates shares, hands block-solving ones to the {@link BlockSubmitter} at once, and records
 * valid ones in the {@link ShareLedger}. Runs on the connection's event loop: the SHA-256 work
 * per share is a few microseconds, and the ledger and block submission continue on their own threads.
 */
public final class ShareProcessor {
    private static final Logger EVENTS = LoggerFactory.getLogger("event.block-found");
    private static final FastThreadLocal<ShareValidator> VALIDATORS = new FastThreadLocal<>() {
        @Override
        protected ShareValidator initialValue() {
            return new ShareValidator();
        }
    };

    private final JobManager jobs;
    private final BlockSubmitter submitter;
    private final ShareLedger ledger;
    private final PoolMetrics metrics;
    private final Clock clock;
    private final List<ShareListener> listeners = new CopyOnWriteArrayList<>();

    public ShareProcessor(JobManager jobs, BlockSubmitter submitter, ShareLedger ledger, PoolMetrics metrics, Clock clock) {
        this.jobs = jobs;
        this.submitter = submitter;
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void addListener(ShareListener listener) {
        listeners.add(listener);
    }

    /**
     * Checks one share against its job at the given difficulty (and target, its precomputed form).
     * A share for a job on an older tip is stale unless it solves a block for that tip.
     */
    public ShareResult process(JobEntry entry, byte[] extranonce1, long versionMask, Worker worker, Submission submission,
            double difficulty, Target target) {
        Job job = entry.job();
        Verdict verdict = VALIDATORS.get().validate(job, extranonce1, submission, target, versionMask);
        boolean stale = jobs.isStale(entry);
        StratumError error = stale && verdict.result() != Verdict.Result.BLOCK ? StratumError.STALE : errorFor(verdict, job);
        if (error != null) {
            metrics.share("rejected", stale ? "stale" : reason(verdict), 0);
            return ShareResult.rejected(error, verdict);
        }
        boolean block = verdict.result() == Verdict.Result.BLOCK;
        if (block) {
            submitBlock(entry, extranonce1, worker, verdict, difficulty, stale);
        }
        ShareRecord record = new ShareRecord(worker.user(), worker.name(), difficulty, entry.networkDifficulty(),
                job.jobId(), job.height(), clock.instant(), verdict.hash(), block);
        CompletableFuture<Void> durable = ledger.append(record);
        // Counted once its fate is known: a share the ledger could not store was answered "not
        // stored" to the miner, and must not show as accepted on the dashboard.
        durable.whenComplete((v, failure) -> {
            if (failure == null) {
                metrics.share(block ? "block" : "accepted", "none", difficulty);
                listeners.forEach(l -> l.onShare(record));
            } else {
                metrics.share("rejected", "not_stored", 0);
            }
        });
        return new ShareResult(null, verdict, difficulty, durable);
    }

    private void submitBlock(JobEntry entry, byte[] extranonce1, Worker worker, Verdict verdict, double difficulty, boolean stale) {
        Job job = entry.job();
        byte[] block = job.serializeBlock(verdict.header(), extranonce1, verdict.extranonce2());
        Hash256 hash = Hash256.wrap(verdict.hash());
        metrics.blockFound();
        EVENTS.info("block {} at height {} found by {}{}", hash, job.height(), worker.login(),
                stale ? " on a previous tip" : "");
        submitter.submit(new FoundBlock(hash, job.height(), job.prevHash(), block, worker.user(), worker.name(),
                difficulty, entry.networkDifficulty(), job.template().coinbaseValue()));
    }

    private static StratumError errorFor(Verdict verdict, Job job) {
        return switch (verdict.result()) {
            case ACCEPTED, BLOCK -> null;
            case LOW_DIFFICULTY -> StratumError.LOW_DIFFICULTY;
            case DUPLICATE -> StratumError.DUPLICATE;
            case NTIME_OUT_OF_RANGE -> StratumError.other("ntime out of range (job ntime "
                    + job.nTimeHex() + ", allowed up to " + String.format("%08x", job.maxNTime()) + ")");
            case VERSION_BITS_OUTSIDE_MASK -> StratumError.other("version bits outside the granted mask");
            case BAD_EXTRANONCE2_LENGTH -> StratumError.other("extranonce2 must be "
                    + job.coinbase().extranonce2Size() + " bytes (" + 2 * job.coinbase().extranonce2Size() + " hex digits)");
            case MALFORMED -> StratumError.other("malformed share: extranonce2, ntime, nonce and version bits must be hex");
        };
    }

    private static String reason(Verdict verdict) {
        return switch (verdict.result()) {
            case LOW_DIFFICULTY -> "low_difficulty";
            case DUPLICATE -> "duplicate";
            case NTIME_OUT_OF_RANGE -> "ntime_out_of_range";
            case VERSION_BITS_OUTSIDE_MASK -> "version_bits_outside_mask";
            case BAD_EXTRANONCE2_LENGTH -> "bad_extranonce2_length";
            default -> "malformed";
        };
    }
}

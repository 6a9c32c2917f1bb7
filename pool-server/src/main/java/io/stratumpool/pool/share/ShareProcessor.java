package io.stratumpool.pool.share;

import io.stratumpool.pool.block.BlockSubmitter;
import io.stratumpool.pool.block.FoundBlock;
import io.stratumpool.pool.job.CoinbasePlan;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.ledger.ShareLedger;
import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.metrics.FirmwareLabels;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.ShareValidator;
import io.stratumpool.validator.Submission;
import io.stratumpool.validator.Verdict;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates shares, hands block-solving ones to the {@link BlockSubmitter} at once, and records
 * valid ones in the {@link ShareLedger}. Runs on the connection's event loop: the SHA-256 work
 * per share is a few microseconds, and the ledger and block submission continue on their own threads.
 */
public final class ShareProcessor {
    private static final Logger EVENTS = LoggerFactory.getLogger("event.block-found");
    /** One validator (digest and scratch buffers) per event-loop thread. */
    private static final ThreadLocal<ShareValidator> VALIDATORS = ThreadLocal.withInitial(ShareValidator::new);

    private final JobManager jobs;
    private final BlockSubmitter submitter;
    private final ShareLedger ledger;
    private final PoolMetrics metrics;
    private final Clock clock;
    private final List<ShareListener> listeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<FoundBlock, CoinbasePlan>> blockListeners = new CopyOnWriteArrayList<>();
    /** The parent of the last block logged at INFO (a benign race between event loops costs one extra line). */
    private volatile Hash256 lastLoggedParent;

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
     * Told of every block found, after it went to the submitter, with the coinbase plan of its job
     * (who the coinbase pays). Runs on the event loop: hand work to another thread.
     */
    public void addBlockListener(BiConsumer<FoundBlock, CoinbasePlan> listener) {
        blockListeners.add(listener);
    }

    /**
     * Checks one share against the job it names, at the difficulty the connection set for that job.
     * A share for a job on an older tip is stale unless it solves a block for that tip. Every
     * outcome is counted here, once, under the miner's {@code firmware} labels: rejects at once,
     * valid shares when the ledger has decided.
     */
    public ShareResult process(String jobId, byte[] extranonce1, long versionMask, Worker worker, Submission submission,
            JobDifficulty difficulties, FirmwareLabels firmware) {
        JobEntry entry = jobs.find(jobId).orElse(null);
        if (entry == null) {
            return reject(ShareOutcome.JOB_NOT_FOUND, null, firmware);
        }
        double difficulty = difficulties.difficultyFor(entry.seq());
        Verdict verdict = VALIDATORS.get().validate(entry.job(), extranonce1, submission,
                difficulties.targetFor(entry.seq()), versionMask);
        ShareOutcome outcome = ShareOutcome.of(verdict.result());
        boolean stale = jobs.isStale(entry);
        if (stale && outcome != ShareOutcome.BLOCK) {
            return reject(ShareOutcome.STALE, entry, firmware);
        }
        if (!outcome.isValid()) {
            return reject(outcome, entry, firmware);
        }
        if (outcome == ShareOutcome.BLOCK) {
            submitBlock(entry, extranonce1, worker, verdict, difficulty, stale);
        }
        return store(entry, worker, verdict, outcome, difficulty, firmware);
    }

    private ShareResult reject(ShareOutcome outcome, JobEntry entry, FirmwareLabels firmware) {
        metrics.share(outcome.metricResult(), outcome.metricReason(), firmware, 0);
        return ShareResult.rejected(outcome, entry);
    }

    private ShareResult store(JobEntry entry, Worker worker, Verdict verdict, ShareOutcome outcome, double difficulty,
            FirmwareLabels firmware) {
        Job job = entry.job();
        boolean block = outcome == ShareOutcome.BLOCK;
        ShareRecord record = new ShareRecord(worker.user(), worker.name(), difficulty, entry.networkDifficulty(),
                entry.jobId(), job.height(), clock.instant(), verdict.hash(), block);
        CompletableFuture<Void> durable = ledger.append(record);
        // Counted once its fate is known: a share the ledger could not store was answered "not
        // stored" to the miner, and must not show as accepted on the dashboard.
        durable.whenComplete((v, failure) -> {
            if (failure == null) {
                metrics.share(outcome.metricResult(), outcome.metricReason(), firmware, difficulty);
                listeners.forEach(l -> l.onShare(record));
            } else {
                metrics.share(ShareOutcome.NOT_STORED.metricResult(), ShareOutcome.NOT_STORED.metricReason(), firmware, 0);
            }
        });
        return new ShareResult(outcome, entry, difficulty, durable, verdict.difficulty());
    }

    private void submitBlock(JobEntry entry, byte[] extranonce1, Worker worker, Verdict verdict, double difficulty, boolean stale) {
        Job job = entry.job();
        byte[] block = job.serializeBlock(verdict.header(), extranonce1, verdict.extranonce2());
        Hash256 hash = Hash256.wrap(verdict.hash());
        metrics.blockFound();
        // One INFO line per parent: where blocks are cheap (regtest, testnet4, signet) a fleet finds
        // hundreds of further solutions on the same parent a second; those go to DEBUG.
        Hash256 parent = job.prevHash();
        if (!parent.equals(lastLoggedParent)) {
            lastLoggedParent = parent;
            EVENTS.info("block {} at height {} found by {}{}", hash, job.height(), worker.login(),
                    stale ? " on a previous tip" : "");
        } else {
            EVENTS.debug("further block {} at height {} found by {}{}", hash, job.height(), worker.login(),
                    stale ? " on a previous tip" : "");
        }
        FoundBlock found = new FoundBlock(hash, job.height(), job.prevHash(), block, worker.user(), worker.name(),
                difficulty, entry.networkDifficulty(), job.template().coinbaseValue());
        submitter.submit(found);
        blockListeners.forEach(l -> l.accept(found, entry.plan()));
    }
}

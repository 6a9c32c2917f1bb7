package io.stratumpool.pool.job;

import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Job;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns templates into jobs and keeps recent ones for late shares. Each template becomes a
 * {@link JobGeneration}; where the source can check blocks (BIP23 proposals), the generation's job
 * is proposed first and a rejected job never reaches miners. Generations are activated in order,
 * so a slow proposal can never bring back older work.
 */
public final class JobManager implements TemplateListener {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    private static final Logger EVENTS = LoggerFactory.getLogger("event.job-rejected");
    /** Generations kept for late shares: about five minutes of 30-second refreshes. */
    private static final int RETAINED_GENERATIONS = 10;

    private final JobFactory factory;
    private final PayoutRouting routing;
    private final TemplateSource source;
    private final JobListener listener;
    private final Clock clock;
    private final AtomicLong jobSeq = new AtomicLong();
    private final Map<String, JobEntry> byId = new ConcurrentHashMap<>();
    private final Deque<JobGeneration> retained = new ArrayDeque<>();
    private final AtomicLong rejectedJobs = new AtomicLong();
    private long generationCounter;
    private long tipCounter;
    private long newestActivated;
    private volatile JobGeneration current;
    private volatile Instant currentSince;
    private volatile Instant lastTemplateAt;

    public JobManager(JobFactory factory, PayoutRouting routing, TemplateSource source, JobListener listener, Clock clock) {
        this.factory = factory;
        this.routing = routing;
        this.source = source;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public void onTemplate(BlockTemplate template, boolean newTip) {
        lastTemplateAt = clock.instant();
        JobGeneration generation;
        boolean clean;
        synchronized (this) {
            JobGeneration last = current;
            clean = newTip || last == null || !template.prevHash().equals(last.template().prevHash());
            long tip = clean ? ++tipCounter : tipCounter;
            long number = ++generationCounter;
            generation = new JobGeneration(number, tip, template, key -> build(key, template, tip));
        }
        JobEntry poolJob;
        try {
            poolJob = generation.entryFor(null);
        } catch (RuntimeException e) {
            reject(template, "cannot build a job: " + e.getMessage());
            return;
        }
        source.propose(template, JobFactory.proposalBlock(poolJob.job())).whenComplete((reason, error) -> {
            if (error != null) {
                LOG.warn("proposal of height {} failed ({}); broadcasting unchecked", template.height(), error.toString());
                activate(generation, clean);
            } else if (reason.isPresent()) {
                reject(template, "the node rejected the job's block proposal: " + reason.get());
            } else {
                activate(generation, clean);
            }
        });
    }

    private JobEntry build(String payoutKey, BlockTemplate template, long tip) {
        long seq = jobSeq.incrementAndGet();
        CoinbasePlan plan = routing.plan(payoutKey, template.coinbaseValue(), factory.fixedCoinbaseBytes(template));
        Job job = factory.create(Long.toHexString(seq), template, plan);
        JobEntry entry = new JobEntry(job, seq, tip, payoutKey, plan);
        byId.put(entry.jobId(), entry);
        return entry;
    }

    private void activate(JobGeneration generation, boolean clean) {
        synchronized (this) {
            if (generation.number() < newestActivated) {
                return; // a newer template went live while this one was being proposed
            }
            newestActivated = generation.number();
            // A clean generation skipped over keeps its flag: miners must still drop the old tip.
            boolean tipMoved = current == null || generation.tipSeq() != current.tipSeq();
            clean = clean || tipMoved;
            current = generation;
            currentSince = clock.instant();
            retained.addLast(generation);
            while (retained.size() > RETAINED_GENERATIONS) {
                forget(retained.removeFirst());
            }
        }
        LOG.debug("new jobs at height {} (clean={})", generation.template().height(), clean);
        listener.onNewJobs(generation, clean);
    }

    private void forget(JobGeneration generation) {
        for (JobEntry entry : generation.entries()) {
            byId.remove(entry.jobId());
            entry.release();
        }
    }

    private void reject(BlockTemplate template, String why) {
        rejectedJobs.incrementAndGet();
        EVENTS.error("job for height {} on {} not sent to miners: {}", template.height(), template.prevHash(), why);
    }

    /**
     * The live job for a payout key under an id the connection has not seen yet (sequence above
     * {@code sentUpTo}), for sending right after a difficulty change: firmware such as ESP-Miner
     * ignores a notify whose job id it already has, and applies a new difficulty only with a new
     * job. Connections share reissues where they can, so a round of vardiff changes costs a few
     * entries per generation, not one per connection. Null before the first template.
     */
    public JobEntry reissue(String payoutKey, long sentUpTo) {
        JobGeneration generation = current;
        if (generation == null) {
            return null;
        }
        return generation.reissueFor(payoutKey, sentUpTo, original -> {
            JobEntry fresh = original.reissued(jobSeq.incrementAndGet());
            byId.put(fresh.jobId(), fresh);
            return fresh;
        });
    }

    /** The live generation, or null before the first template. */
    public JobGeneration current() {
        return current;
    }

    public Optional<JobEntry> find(String jobId) {
        return jobId == null ? Optional.empty() : Optional.ofNullable(byId.get(jobId));
    }

    /** True when the job builds on a tip that is no longer the newest. */
    public boolean isStale(JobEntry entry) {
        JobGeneration g = current;
        return g != null && entry.tipSeq() != g.tipSeq();
    }

    /** The highest job sequence number handed out so far. */
    public long latestSeq() {
        return jobSeq.get();
    }

    /** The network difficulty of the live template (infinite before the first). */
    public double networkDifficulty() {
        JobGeneration g = current;
        return g == null ? Double.POSITIVE_INFINITY : g.networkDifficulty();
    }

    public long rejectedJobs() {
        return rejectedJobs.get();
    }

    /** Seconds since the live generation went out, or -1 before the first. */
    public double jobAgeSeconds() {
        Instant since = currentSince;
        return since == null ? -1 : (clock.millis() - since.toEpochMilli()) / 1000.0;
    }

    /**
     * Seconds since the template source last delivered a template, or -1 before the first. Unlike
     * the job age it also moves on when a template's job is withheld, so it tells a silent source
     * from a rejecting one.
     */
    public double templateAgeSeconds() {
        Instant at = lastTemplateAt;
        return at == null ? -1 : (clock.millis() - at.toEpochMilli()) / 1000.0;
    }

    /** The extranonce2 size every job has (configured, known before the first template arrives). */
    public int extranonce2Size() {
        return factory.extranonce2Size();
    }

    public PayoutRouting routing() {
        return routing;
    }
}

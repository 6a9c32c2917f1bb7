package io.stratumpool.pool.job;

import io.stratumpool.validator.BlockTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The jobs built from one template: the pool's job, plus (in solo mode) one per payout address,
 * each built the first time a miner needs it.
 */
public final class JobGeneration {
    private static final String POOL_KEY = "";

    private final long number;
    private final long tipSeq;
    private final BlockTemplate template;
    private final Map<String, JobEntry> entries = new ConcurrentHashMap<>();
    /** The newest reissue of each payout key's job: connections whose difficulty changes share it. */
    private final Map<String, JobEntry> reissues = new ConcurrentHashMap<>();
    private final List<JobEntry> allReissues = new CopyOnWriteArrayList<>();
    private final Function<String, JobEntry> builder;
    private final double networkDifficulty;

    JobGeneration(long number, long tipSeq, BlockTemplate template, Function<String, JobEntry> builder) {
        this.number = number;
        this.tipSeq = tipSeq;
        this.template = template;
        this.builder = builder;
        this.networkDifficulty = template.networkTarget().difficulty();
    }

    public double networkDifficulty() {
        return networkDifficulty;
    }

    public long number() {
        return number;
    }

    public long tipSeq() {
        return tipSeq;
    }

    public BlockTemplate template() {
        return template;
    }

    /** The job for a payout key (null: the pool's job), built on first use. */
    public JobEntry entryFor(String payoutKey) {
        return entries.computeIfAbsent(payoutKey == null ? POOL_KEY : payoutKey,
                k -> builder.apply(k.isEmpty() ? null : k));
    }

    /**
     * The same work as {@code entryFor(payoutKey)} under a job id the connection has not been sent
     * (sequence above {@code sentUpTo}): the newest reissue when the connection has not seen it,
     * else a new one made by {@code reissue}.
     */
    JobEntry reissueFor(String payoutKey, long sentUpTo, Function<JobEntry, JobEntry> reissue) {
        String key = payoutKey == null ? POOL_KEY : payoutKey;
        JobEntry original = entryFor(payoutKey);
        return reissues.compute(key, (k, newest) -> {
            if (newest != null && newest.seq() > sentUpTo) {
                return newest;
            }
            JobEntry fresh = reissue.apply(original);
            allReissues.add(fresh);
            return fresh;
        });
    }

    /** Every entry of this generation, reissues included (to forget them together). */
    Iterable<JobEntry> entries() {
        List<JobEntry> all = new ArrayList<>(entries.values());
        all.addAll(allReissues);
        return all;
    }
}

package io.stratumpool.pool.job;

import io.stratumpool.validator.BlockTemplate;
import java.util.Map;
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

    Iterable<JobEntry> entries() {
        return entries.values();
    }
}

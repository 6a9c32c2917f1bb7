package io.stratumpool.sim;

import io.stratumpool.validator.Target;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one connection has learned from the pool: extranonce, version mask, difficulty and the
 * current job. Changes that a firmware applies only at the next job (cpuminer's difficulty, a new
 * extranonce) wait in {@code pending…} fields until {@link #onNotify}. Event-loop confined.
 */
final class MiningState {
    /** Stratum's difficulty before any mining.set_difficulty. */
    static final double DEFAULT_DIFFICULTY = 1.0;
    /** Unique across connections, so a searcher never mistakes a reconnected session's work for its old work. */
    private static final AtomicLong GENERATIONS = new AtomicLong();
    private static final int SEEN_JOB_IDS = 64;

    byte[] extranonce1;
    int extranonce2Size;
    String subscriptionId;
    boolean subscribed;
    boolean authorized;
    boolean versionRolling;
    long versionMask;
    double difficulty = DEFAULT_DIFFICULTY;
    private Double pendingDifficulty;
    private byte[] pendingExtranonce1;
    private int pendingExtranonce2Size;
    private StratumJob job;
    private long generation;
    /** Job ids seen lately, oldest first (ESP-Miner keeps a short list and drops repeats). */
    private final LinkedHashSet<String> seenJobIds = new LinkedHashSet<>();

    void subscribed(byte[] extranonce1, int extranonce2Size, String subscriptionId) {
        this.extranonce1 = extranonce1;
        this.extranonce2Size = extranonce2Size;
        this.subscriptionId = subscriptionId;
        this.subscribed = true;
        generation = GENERATIONS.incrementAndGet();
    }

    void grantVersionRolling(long mask) {
        versionRolling = true;
        versionMask = mask & 0xffffffffL;
        generation = GENERATIONS.incrementAndGet();
    }

    /** A new difficulty: applied now, or at the next notify when the firmware works that way. */
    void setDifficulty(double newDifficulty, boolean atNextNotify) {
        if (atNextNotify) {
            pendingDifficulty = newDifficulty;
        } else {
            difficulty = newDifficulty;
        }
    }

    void setExtranonceAtNextNotify(byte[] newExtranonce1, int newExtranonce2Size) {
        pendingExtranonce1 = newExtranonce1;
        pendingExtranonce2Size = newExtranonce2Size;
    }

    /** Remembers a job id; false when it was seen already. */
    boolean firstSighting(String jobId) {
        if (!seenJobIds.add(jobId)) {
            return false;
        }
        if (seenJobIds.size() > SEEN_JOB_IDS) {
            seenJobIds.remove(seenJobIds.iterator().next());
        }
        return true;
    }

    void onNotify(StratumJob newJob) {
        if (pendingDifficulty != null) {
            difficulty = pendingDifficulty;
            pendingDifficulty = null;
        }
        if (pendingExtranonce1 != null) {
            extranonce1 = pendingExtranonce1;
            extranonce2Size = pendingExtranonce2Size;
            pendingExtranonce1 = null;
        }
        job = newJob;
        generation = GENERATIONS.incrementAndGet();
    }

    StratumJob job() {
        return job;
    }

    /** The work to hash, or null until subscribed, authorized and given a job. */
    Work toWork() {
        if (!subscribed || !authorized || job == null) {
            return null;
        }
        return new Work(generation, job, extranonce1, extranonce2Size, versionMask, versionRolling, difficulty,
                Target.ofDifficulty(difficulty), job.networkTarget());
    }
}

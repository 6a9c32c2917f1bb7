package io.stratumpool.pool.share;

import io.stratumpool.validator.Verdict;
import java.util.Locale;

/**
 * What became of one submitted share, in the pool's own terms: the validator's results plus what
 * only the pool knows (the job is unknown or on an old tip, the ledger could not store it). Each
 * protocol edge maps an outcome to its own wire error; metrics and bans read the outcome itself.
 */
public enum ShareOutcome {
    ACCEPTED,
    BLOCK,
    /** A job the pool no longer (or never) had: expired, from before a restart, or made up. */
    JOB_NOT_FOUND,
    /** A valid share for a job on a tip that is no longer the newest. */
    STALE,
    LOW_DIFFICULTY,
    DUPLICATE,
    NTIME_OUT_OF_RANGE,
    VERSION_BITS_OUTSIDE_MASK,
    BAD_EXTRANONCE2_LENGTH,
    MALFORMED,
    /** Valid, but the ledger could not store it in time: not acknowledged, not credited. */
    NOT_STORED;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** Valid work the pool credits (once durable). */
    public boolean isValid() {
        return this == ACCEPTED || this == BLOCK;
    }

    /**
     * Work that is wrong in itself: what the invalid-share ban counts. Stale and unknown jobs are
     * the network's timing, not the miner's fault, and a share the ledger failed to store is ours.
     */
    public boolean isInvalidWork() {
        return !isValid() && this != JOB_NOT_FOUND && this != STALE && this != NOT_STORED;
    }

    /** The {@code result} label of the share counter: accepted, block or rejected. */
    public String metricResult() {
        return isValid() ? label : "rejected";
    }

    /** The {@code reason} label of the share counter: none for valid shares, else the outcome's name in snake case. */
    public String metricReason() {
        return isValid() ? "none" : label;
    }

    /** The validator's verdict, as an outcome. */
    public static ShareOutcome of(Verdict.Result result) {
        return switch (result) {
            case ACCEPTED -> ACCEPTED;
            case BLOCK -> BLOCK;
            case LOW_DIFFICULTY -> LOW_DIFFICULTY;
            case DUPLICATE -> DUPLICATE;
            case NTIME_OUT_OF_RANGE -> NTIME_OUT_OF_RANGE;
            case VERSION_BITS_OUTSIDE_MASK -> VERSION_BITS_OUTSIDE_MASK;
            case BAD_EXTRANONCE2_LENGTH -> BAD_EXTRANONCE2_LENGTH;
            case MALFORMED -> MALFORMED;
        };
    }
}

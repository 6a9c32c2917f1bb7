package io.stratumpool.pool.share;

import io.stratumpool.validator.Target;

/**
 * The difficulty a connection set for each job it was sent: a change applies to jobs sent after it,
 * while work already under way stays acceptable at the difficulty it was sent with.
 */
public interface JobDifficulty {
    double difficultyFor(long jobSeq);

    /** The same as {@link #difficultyFor}, as a precomputed share target. */
    Target targetFor(long jobSeq);
}

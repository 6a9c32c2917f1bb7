package io.stratumpool.pool.block;

/**
 * Where a found block stands: found → submitted → accepted or rejected → confirmed or orphaned.
 * An orphaned block can return to accepted if a shallow reorganisation puts it back in the chain.
 */
public enum BlockStatus {
    FOUND,
    SUBMITTED,
    ACCEPTED,
    REJECTED,
    CONFIRMED,
    ORPHANED
}

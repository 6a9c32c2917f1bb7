package io.stratumpool.pool.block;

/**
 * Where a found block stands: found → submitted → accepted or rejected → confirmed or orphaned.
 * An orphaned block can return to accepted if a shallow reorganisation puts it back in the chain.
 * A sibling is a further solution on a parent the pool already submitted a block for: credited as
 * a share and kept, but submitted only if that block is rejected (then it moves on to submitted).
 */
public enum BlockStatus {
    FOUND,
    SUBMITTED,
    ACCEPTED,
    REJECTED,
    CONFIRMED,
    ORPHANED,
    SIBLING
}

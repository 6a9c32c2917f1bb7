package io.stratumpool.pool.block;

/** Where a found block stands: found → submitted → accepted or rejected → confirmed or orphaned. */
public enum BlockStatus {
    FOUND,
    SUBMITTED,
    ACCEPTED,
    REJECTED,
    CONFIRMED,
    ORPHANED;

    /** True once nothing can change any more. */
    public boolean isFinal() {
        return this == REJECTED || this == CONFIRMED || this == ORPHANED;
    }
}

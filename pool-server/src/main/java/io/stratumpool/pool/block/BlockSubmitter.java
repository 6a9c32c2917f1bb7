package io.stratumpool.pool.block;

import java.util.concurrent.CompletableFuture;

/**
 * Takes a solved block to the chain at once. Implementations never block the caller and record
 * the block's lifecycle in a {@link BlockRepository}. The future completes with the final
 * submission outcome: accepted, or rejected with the node's reason.
 */
public interface BlockSubmitter {
    CompletableFuture<SubmitOutcome> submit(FoundBlock block);

    /** What the chain said about a submitted block. */
    record SubmitOutcome(boolean accepted, String reason) {
        public static SubmitOutcome ok() {
            return new SubmitOutcome(true, null);
        }

        public static SubmitOutcome rejected(String reason) {
            return new SubmitOutcome(false, reason);
        }
    }
}

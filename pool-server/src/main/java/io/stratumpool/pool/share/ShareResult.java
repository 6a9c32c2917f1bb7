package io.stratumpool.pool.share;

import io.stratumpool.pool.job.JobEntry;
import java.util.concurrent.CompletableFuture;

/**
 * What became of a submitted share: its outcome, the job it named (null when unknown), and for a
 * valid share the credited difficulty and a {@code durable} future that completes once the ledger
 * committed it (the miner's acknowledgement waits for that; it fails as {@link ShareOutcome#NOT_STORED}).
 * {@code hashDifficulty} is the difficulty the share's hash achieved (0 when it was not hashed).
 */
public record ShareResult(ShareOutcome outcome, JobEntry job, double creditedDifficulty, CompletableFuture<Void> durable,
        double hashDifficulty) {

    public ShareResult(ShareOutcome outcome, JobEntry job, double creditedDifficulty, CompletableFuture<Void> durable) {
        this(outcome, job, creditedDifficulty, durable, 0);
    }

    static ShareResult rejected(ShareOutcome outcome, JobEntry job) {
        return new ShareResult(outcome, job, 0, null);
    }

    public boolean isValid() {
        return outcome.isValid();
    }
}

package io.stratumpool.pool.share;

import io.stratumpool.pool.stratum.StratumError;
import io.stratumpool.validator.Verdict;
import java.util.concurrent.CompletableFuture;

/**
 * What became of a submitted share: an error to send back, or a valid share whose {@code durable}
 * future completes once the ledger committed it (the miner's {@code true} waits for that).
 */
public record ShareResult(StratumError error, Verdict verdict, double creditedDifficulty, CompletableFuture<Void> durable) {

    public static ShareResult rejected(StratumError error, Verdict verdict) {
        return new ShareResult(error, verdict, 0, null);
    }

    public boolean isValid() {
        return error == null;
    }
}

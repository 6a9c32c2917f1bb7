package io.stratumpool.pool.block;

import io.stratumpool.validator.Hash256;
import java.time.Instant;

/**
 * A block the pool found, and its fate. {@code reward} is the coinbase value in satoshis;
 * {@code reason} is the node's rejection reason (or null).
 */
public record BlockRecord(
        Hash256 hash,
        long height,
        Hash256 prevHash,
        String user,
        String worker,
        double shareDifficulty,
        double networkDifficulty,
        long reward,
        BlockStatus status,
        String reason,
        int confirmations,
        Instant foundAt,
        Instant updatedAt) {

    public BlockRecord withStatus(BlockStatus newStatus, String newReason, int newConfirmations, Instant at) {
        return new BlockRecord(hash, height, prevHash, user, worker, shareDifficulty, networkDifficulty, reward,
                newStatus, newReason, newConfirmations, foundAt, at);
    }
}

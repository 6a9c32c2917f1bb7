package io.stratumpool.pool.cluster;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.validator.Hash256;
import java.time.Instant;

/**
 * A found block as a Stratum node knows it after a change (found, submitted, accepted, confirmed…),
 * on the blocks topic. Each event carries the whole record, not a delta: accounting upserts it by
 * block hash and keeps the newest {@code updatedMs}, so a replayed or repeated event changes nothing
 * and the block is one row however often it arrives. {@code nodeId} says which node found it;
 * hashes are display-order hex, as the blocks table stores them.
 */
public record BlockEvent(
        int nodeId,
        String blockHash,
        long height,
        String prevHash,
        String user,
        String worker,
        double shareDifficulty,
        double networkDifficulty,
        long reward,
        String status,
        String reason,
        int confirmations,
        long foundMs,
        long updatedMs) {

    public static BlockEvent of(int nodeId, BlockRecord b) {
        return new BlockEvent(nodeId, b.hash().toHexReversed(), b.height(), b.prevHash().toHexReversed(), b.user(),
                b.worker(), b.shareDifficulty(), b.networkDifficulty(), b.reward(), b.status().name(), b.reason(),
                b.confirmations(), b.foundAt().toEpochMilli(), b.updatedAt().toEpochMilli());
    }

    public BlockRecord toRecord() {
        return new BlockRecord(Hash256.fromHexReversed(blockHash), height, Hash256.fromHexReversed(prevHash), user,
                worker, shareDifficulty, networkDifficulty, reward, BlockStatus.valueOf(status), reason, confirmations,
                Instant.ofEpochMilli(foundMs), Instant.ofEpochMilli(updatedMs));
    }
}

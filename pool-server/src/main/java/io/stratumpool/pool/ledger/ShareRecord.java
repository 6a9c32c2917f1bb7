package io.stratumpool.pool.ledger;

import java.time.Instant;

/**
 * One accepted share, as the ledger stores it. {@code difficulty} is the share difficulty the miner
 * was assigned (what it is credited for); {@code hash} is the header hash in internal byte order.
 */
public record ShareRecord(
        String user,
        String worker,
        double difficulty,
        double networkDifficulty,
        String jobId,
        long height,
        Instant time,
        byte[] hash,
        boolean block) {
}

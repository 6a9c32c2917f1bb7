package io.stratumpool.pool.cluster;

import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.validator.Hash256;
import java.time.Instant;

/**
 * One accepted share on the wire between a Stratum node and accounting (JSON on the shares topic).
 *
 * <p>The id is {@code <nodeId>:<header hash>}, fixed when the share is accepted, so every
 * retransmission (producer retry, spool replay) carries the same id and is stored once. The header
 * hash already is a deterministic function of (node, session, submission): it commits to extranonce1,
 * which is unique per live session and carries the node's prefix ({@code pool.nodeId}), and to the
 * miner's extranonce2, nTime, nonce and version; a resubmitted identical share is rejected as a
 * duplicate before it gets here. {@code hash} is display-order hex, as the shares table stores it.
 */
public record ShareEvent(
        String id,
        String user,
        String worker,
        double difficulty,
        double networkDifficulty,
        String jobId,
        long height,
        long timeMs,
        String hash,
        boolean block) {

    public static ShareEvent of(int nodeId, ShareRecord share) {
        String hash = Hash256.wrap(share.hash()).toHexReversed();
        return new ShareEvent(nodeId + ":" + hash, share.user(), share.worker(), share.difficulty(),
                share.networkDifficulty(), share.jobId(), share.height(), share.time().toEpochMilli(), hash,
                share.block());
    }

    /** The share as the ledger knows it (hash back in internal byte order). */
    public ShareRecord toRecord() {
        return new ShareRecord(user, worker, difficulty, networkDifficulty, jobId, height,
                Instant.ofEpochMilli(timeMs), Hash256.fromHexReversed(hash).bytes(), block);
    }
}

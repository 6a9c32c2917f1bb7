package io.stratumpool.pool.metrics;

import java.util.Map;

/**
 * One reading of the accounting role's event consumer, in plain numbers: share events in stored
 * batches (replays included), the shares among them that were new rows, block events applied,
 * transactions, failed store or poll attempts, undecodable records, and the lag (records not yet
 * consumed) by topic.
 */
public record ConsumerReadings(
        long shareEvents,
        long newShares,
        long blockEvents,
        long transactions,
        long failedAttempts,
        long undecodable,
        Map<String, Long> lagByTopic) {
}

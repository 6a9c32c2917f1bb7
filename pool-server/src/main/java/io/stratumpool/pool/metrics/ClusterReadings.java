package io.stratumpool.pool.metrics;

/** One reading of a Stratum node's share publisher (Kafka and its local spool), in plain numbers. */
public record ClusterReadings(
        long acknowledged,
        long spooled,
        long drained,
        long failed,
        long publisherQueueFull,
        long spoolFull,
        long spoolBytes,
        boolean spooling,
        long spoolRecords,
        long blocksPublished,
        long blockPublishFailures) {
}

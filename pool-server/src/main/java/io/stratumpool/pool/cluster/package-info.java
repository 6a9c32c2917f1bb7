/**
 * The cluster: many Stratum nodes publish accepted shares to Apache Kafka ({@link
 * io.stratumpool.pool.cluster.KafkaShareLedger}, acknowledged to the miner only after the broker
 * acknowledged them), and the accounting side consumes them into the database exactly once ({@link
 * io.stratumpool.pool.cluster.ShareEventConsumer}: shares by event id and consumer offsets in one
 * transaction; found blocks by hash beside them), and {@link io.stratumpool.pool.cluster.NodeLease}
 * keeps node ids unique. Depends on the domain ({@code ledger}, {@code block}) and {@code concurrent};
 * nothing in the domain depends on it, only the composition root.
 */
package io.stratumpool.pool.cluster;

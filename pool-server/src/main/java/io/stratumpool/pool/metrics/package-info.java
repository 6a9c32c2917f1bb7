/**
 * Every Prometheus meter, registered in {@code PoolMetrics} and nowhere else. A leaf: it knows none
 * of the pool's types; the packages that own the data hand it plain numbers, labels, suppliers and
 * small reading records ({@code LedgerReadings}, {@code JobReadings}).
 */
package io.stratumpool.pool.metrics;

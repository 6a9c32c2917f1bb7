/**
 * The composition root: {@code PoolServer} wires configuration, template source, jobs, shares,
 * ledger, accounting, sessions, the Netty listeners, the API and the metrics together, and shuts
 * them down in order. The only package (with {@code Main}) allowed to depend on every other one;
 * nothing depends on it.
 */
package io.stratumpool.pool.server;

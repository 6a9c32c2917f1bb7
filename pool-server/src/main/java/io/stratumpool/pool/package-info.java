/**
 * The pool's entry point: {@code Main} reads the command line and configuration, builds a
 * {@link io.stratumpool.pool.server.PoolServer} and reports a failed start in one line. Depends on
 * {@code config} and {@code server} only.
 */
package io.stratumpool.pool;

/**
 * The Bitcoin node side: a JSON-RPC client (keep-alive, auth, deadlines), templates from
 * {@code getblocktemplate} with ZMQ, long-poll or polling tip detection and failover
 * ({@code NodeTemplateSource}, a {@code job.TemplateSource}), block submission with retries and
 * {@code preciousblock} ({@code NodeBlockSubmitter}, a {@code block.BlockSubmitter}), and the
 * confirmation tracker. Depends on {@code job}, {@code block}, {@code concurrent} and
 * {@code node.config}; never on the Stratum edge.
 */
package io.stratumpool.pool.node;

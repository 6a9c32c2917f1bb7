/**
 * Found blocks as the domain tracks them: the solved block ({@code FoundBlock}), its lifecycle
 * ({@code BlockStatus}: found, submitted, accepted or rejected, confirmed or orphaned), the
 * {@code BlockSubmitter} port the node layer implements, and the block repository (in memory or
 * JDBC). Depends only on {@code ledger} (its database) and the validator.
 */
package io.stratumpool.pool.block;

/**
 * The share path of the domain: {@code ShareProcessor} looks up the job a share names, validates
 * it at the difficulty the connection set for that job, hands a block at once to the
 * {@code BlockSubmitter}, appends valid shares to the ledger and returns a {@code ShareOutcome},
 * counted in metrics once. Depends on {@code job}, {@code block}, {@code ledger}, {@code metrics} and
 * the validator; never on Netty, {@code stratum} or {@code session}.
 */
package io.stratumpool.pool.share;

/**
 * What the stored shares are worth: hashrate per worker, user and pool with Poisson intervals,
 * PPLNS, PPS and SOLO schemes, balances credited on confirmed blocks, payout batches, retention of
 * old rows, and the read queries the API serves. Part of the domain: depends on {@code block} and
 * {@code ledger} (and the JDK's JDBC), never on Netty, the Stratum edge, the API or the server.
 */
package io.stratumpool.pool.accounting;

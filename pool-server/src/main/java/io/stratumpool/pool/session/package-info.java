/**
 * The Stratum v1 edge's per-connection logic: {@code StratumSession} dispatches requests,
 * {@code SessionHandshake} handles configure, subscribe, authorize and suggestions,
 * {@code ReplyQueue} keeps replies in request order behind the ledger, vardiff, limits and bans,
 * and {@code SessionRegistry} admits connections and fans jobs out. Share outcomes become wire
 * errors here, in {@code ShareErrors}, and nowhere else. Depends on {@code stratum} (the codec),
 * the domain ({@code share}, {@code job}), {@code config} and {@code metrics}.
 */
package io.stratumpool.pool.session;

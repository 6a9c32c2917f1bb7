package io.stratumpool.pool.accounting;

/** One share as payout schemes see it: who submitted it and the difficulty it was credited at. */
public record ShareWeight(long id, String user, double difficulty) {
}

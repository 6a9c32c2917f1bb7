/**
 * Work for miners, free of any wire format: templates from a {@code TemplateSource} become
 * {@code JobGeneration}s of {@code JobEntry}s (the validator's {@code Job} plus sequence, tip and
 * payout key), proposed to the node first (BIP23) and activated in order; recent jobs stay
 * findable for late shares. Protocol edges attach their own encoding of a job through
 * {@code JobEncoding}. Depends only on the validator: never on Netty, {@code stratum} or {@code session}.
 */
package io.stratumpool.pool.job;

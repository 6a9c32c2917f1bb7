/**
 * Simulated Stratum V1 ASIC miners that really hash SHA-256d: firmware profiles with each firmware's
 * handshake and strictness rules, fleets, reconnects, and a CLI for demos (which also runs the V2
 * miners of {@code io.stratumpool.sim.v2}). A library for the integration tests and a tool;
 * depends on Netty, Jackson and the validator, never on the pool.
 */
package io.stratumpool.sim;

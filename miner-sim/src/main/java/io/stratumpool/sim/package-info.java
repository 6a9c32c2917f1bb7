/**
 * Simulated ASIC miners that really hash SHA-256d: firmware profiles with each firmware's
 * handshake and strictness rules, fleets, reconnects, and a CLI for demos. A library for the
 * integration tests and a tool; depends on Netty, Jackson and the validator, never on the pool.
 */
package io.stratumpool.sim;

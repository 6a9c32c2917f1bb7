/**
 * Simulated Stratum V2 miners that really hash SHA-256d: the Noise NX handshake as initiator with
 * the pool's certificate checked against its authority key, SetupConnection, standard
 * (header-only) and extended channels, future jobs and SetNewPrevHash, SetTarget, share
 * submission with sequence numbers, Reconnect and CloseChannel, with Bitaxe's habits by default.
 * Runs on the V1 simulator's {@link io.stratumpool.sim.SimRuntime}; depends on stratum-v2,
 * share-validator and Netty, never on the pool.
 */
package io.stratumpool.sim.v2;

/**
 * The Stratum V2 edge, beside the V1 edge ({@code session}/{@code stratum}) on the same domain:
 * {@code V2FrameCodec} runs the Noise NX handshake (the {@code stratum-v2} library's responder)
 * and turns encrypted frames into message records and back, with bounded frame sizes;
 * {@code V2Session} is one connection's Mining protocol state machine (SetupConnection, standard
 * and extended channels, jobs with SetNewPrevHash, SetTarget from vardiff, share submission
 * through {@code share.ShareProcessor}, batched acknowledgements); {@code V2Registry} fans jobs out
 * to V2 connections and drains them. Uses the V1 edge's per-connection policy from {@code session}
 * (extranonce allocation, vardiff, difficulty, bans), the domain ({@code share}, {@code job}),
 * {@code config}, {@code metrics} and {@code stratum}'s disconnect events; nothing depends on it
 * but {@code server}.
 */
package io.stratumpool.pool.v2;

package io.stratumpool.sim.v2;

/** A share the pool answered with SubmitShares.Error, and the error code it gave. */
public record RejectedShare(V2Share share, String errorCode) {
}

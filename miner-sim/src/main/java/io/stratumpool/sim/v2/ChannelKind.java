package io.stratumpool.sim.v2;

/** Which mining channel a V2 miner opens (spec 5.2). */
public enum ChannelKind {
    /** Header-only mining: the pool sends each job's merkle root (NewMiningJob). */
    STANDARD,
    /** The miner builds the coinbase around its own extranonce (NewExtendedMiningJob). */
    EXTENDED
}

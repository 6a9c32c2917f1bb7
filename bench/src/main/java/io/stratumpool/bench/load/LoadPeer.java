package io.stratumpool.bench.load;

import io.netty.channel.Channel;

/** One simulated miner of a fleet, whatever protocol it speaks: what {@link Fleet} asks of it. */
interface LoadPeer {
    /** Its channel; null when it never got one (the connect itself failed early). */
    Channel channel();

    /** Starts pipelining shares (on its event loop, once the fleet submits). */
    void startSubmitting();

    /** Sends one share (on its event loop). */
    void submitOne();
}

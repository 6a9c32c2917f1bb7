package io.stratumpool.pool.stratum;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The miner's address: the one a trusted load balancer's PROXY protocol header gave, else the
 * socket's peer. Limits, bans, logs and the APIs read it here, never {@code remoteAddress()}.
 */
public final class ClientAddress {
    private static final AttributeKey<InetSocketAddress> PROXIED = AttributeKey.valueOf("stratum.proxiedClient");

    private ClientAddress() {
    }

    public static InetSocketAddress of(Channel channel) {
        InetSocketAddress proxied = channel.attr(PROXIED).get();
        if (proxied != null) {
            return proxied;
        }
        SocketAddress remote = channel.remoteAddress();
        return remote instanceof InetSocketAddress inet ? inet : null;
    }

    /** Set once, by the PROXY protocol handler, before the connection is admitted. */
    public static void set(Channel channel, InetSocketAddress client) {
        channel.attr(PROXIED).set(client);
    }
}

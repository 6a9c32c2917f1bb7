package io.stratumpool.pool.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.stratum.DisconnectEvents;
import io.stratumpool.pool.stratum.ClientAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * First in the pipeline: admits a connection under the global and per-IP limits and bans, or closes
 * it. An admitted connection's count is released by a listener on its close future and the limiter
 * leaves its pipeline (one context per connection fewer); a refused connection keeps it, which
 * stops its inactive event before the session.
 */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final SessionRegistry registry;
    private final PoolMetrics metrics;

    public ConnectionLimiter(SessionRegistry registry, PoolMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress client = ClientAddress.of(ctx.channel());
        InetAddress ip = client.getAddress();
        String refusal = registry.admit(ip);
        if (refusal != null) {
            metrics.connectionRefused(refusal);
            DisconnectEvents.closing(ctx.channel(), refusal, "connection refused");
            ctx.close();
            return;
        }
        metrics.connectionOpened();
        ctx.channel().closeFuture().addListener(new Release(ip));
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    /** Only a refused connection still has the limiter when it goes: nothing after it ever saw it active. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // not propagated
    }

    /** Gives an admitted connection's place back when it closes. */
    private final class Release implements ChannelFutureListener {
        private final InetAddress ip;

        Release(InetAddress ip) {
            this.ip = ip;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            registry.release(ip);
            metrics.connectionClosed();
        }
    }
}

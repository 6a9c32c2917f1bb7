package io.stratumpool.pool.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.stratum.DisconnectEvents;
import io.stratumpool.pool.stratum.ClientAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** First in the pipeline: admits a connection under the global and per-IP limits and bans, or closes it. */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<InetAddress> ADMITTED = AttributeKey.valueOf("stratum.admitted");

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
        ctx.channel().attr(ADMITTED).set(ip);
        metrics.connectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InetAddress ip = ctx.channel().attr(ADMITTED).getAndSet(null);
        if (ip != null) {
            registry.release(ip);
            metrics.connectionClosed();
            ctx.fireChannelInactive();
        }
    }
}

package io.stratumpool.pool.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.stratum.ChannelHandlerNames;
import io.stratumpool.pool.stratum.StratumDecoder;
import io.stratumpool.pool.stratum.StratumEncoder;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.session.SessionServices;
import io.stratumpool.pool.session.StratumSession;
import io.stratumpool.pool.config.Cidr;
import java.util.List;

/**
 * The Stratum pipeline: proxy (PROXY protocol ports) → limiter → tls (stratum+ssl ports) → idle → framer (line cap, fail fast) → decoder → encoder →
 * session (one per channel) → errors. The sharable handlers are built once per port.
 */
public final class StratumServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final StratumEncoder ENCODER = new StratumEncoder();

    private final SessionServices services;
    private final int maxLineLength;
    private final ConnectionLimiter limiter;
    private final SslContext tls;
    private final PoolMetrics metrics;
    private final boolean proxyProtocol;
    private final List<Cidr> trustedProxies;

    /** {@code tls}: the server context for a {@code stratum+ssl} port, null for plain TCP. */
    public StratumServerInitializer(SessionServices services, SessionRegistry registry, PoolMetrics metrics, int maxLineLength,
            SslContext tls, List<Cidr> trustedProxies) {
        if (maxLineLength < 64) {
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: >= 64)");
        }
        this.services = services;
        this.maxLineLength = maxLineLength;
        this.limiter = new ConnectionLimiter(registry, metrics);
        this.tls = tls;
        this.metrics = metrics;
        this.proxyProtocol = services.port().proxyProtocol();
        this.trustedProxies = proxyProtocol ? trustedProxies : List.of();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (proxyProtocol) {
            p.addLast("proxy", new ProxyProtocolGate(trustedProxies, metrics));
        }
        p.addLast(ChannelHandlerNames.LIMITER, limiter);
        if (tls != null) {
            p.addLast(ChannelHandlerNames.TLS, tls.newHandler(ch.alloc()));
        }
        p.addLast(ChannelHandlerNames.DECODER, new StratumDecoder(maxLineLength));
        p.addLast(ChannelHandlerNames.ENCODER, ENCODER);
        p.addLast(ChannelHandlerNames.SESSION, new StratumSession(services));
    }
}

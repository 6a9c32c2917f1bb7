package io.stratumpool.pool.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.stratumpool.pool.config.Cidr;
import io.stratumpool.pool.stratum.ChannelHandlerNames;
import io.stratumpool.pool.v2.V2FrameCodec;
import io.stratumpool.pool.v2.V2Services;
import io.stratumpool.pool.v2.V2Session;
import io.stratumpool.sv2.crypto.EllSwiftKeyPair;
import io.stratumpool.sv2.noise.Certificate;
import io.stratumpool.sv2.noise.NoiseResponder;
import java.security.SecureRandom;
import java.util.List;

/**
 * The Stratum V2 pipeline: proxy (ports with {@code proxyProtocol: true}, as for V1) → limiter (the
 * same connection limits and bans as V1) → codec (Noise handshake, then encrypted frames ↔
 * messages, bounded) → session (one per channel).
 */
public final class V2ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final V2Services services;
    private final ConnectionLimiter limiter;
    private final EllSwiftKeyPair staticKey;
    private final Certificate certificate;
    private final int maxFrameLength;
    private final List<Cidr> trustedProxies;
    private final SecureRandom random = new SecureRandom();

    /** {@code trustedProxies}: the balancers whose PROXY header is believed, on a port with {@code proxyProtocol: true}. */
    public V2ServerInitializer(V2Services services, ConnectionLimiter limiter, EllSwiftKeyPair staticKey,
            Certificate certificate, int maxFrameLength, List<Cidr> trustedProxies) {
        this.services = services;
        this.trustedProxies = services.port().proxyProtocol() ? trustedProxies : null;
        this.limiter = limiter;
        this.staticKey = staticKey;
        this.certificate = certificate;
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (trustedProxies != null) {
            p.addLast("proxy", new ProxyProtocolGate(trustedProxies, services.metrics()));
        }
        p.addLast(ChannelHandlerNames.LIMITER, limiter);
        p.addLast(ChannelHandlerNames.DECODER, new V2FrameCodec(new NoiseResponder(staticKey, certificate, random), maxFrameLength));
        p.addLast(ChannelHandlerNames.SESSION, new V2Session(services));
    }
}

package io.stratumpool.pool.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.stratumpool.pool.config.Cidr;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.stratum.ClientAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First on a port with {@code proxyProtocol: true}: looks at the first bytes before anything else
 * sees the connection. A trusted balancer must start with a PROXY protocol v1 or v2 header, whose
 * source address becomes the miner's {@link ClientAddress}; a header from any other peer is refused
 * (it could claim any address), and so is a trusted balancer that sends none. A direct, untrusted
 * miner without a header is served as on any port. Only then does {@code channelActive} go on to
 * the limiter, so limits and bans apply to the real address. One instance per connection.
 */
final class ProxyProtocolGate extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolGate.class);
    /** Netty's detection needs 12 bytes; no PROXY header is shorter than "PROXY UNKNOWN\r\n". */
    private static final int DETECT_BYTES = 12;

    private final List<Cidr> trusted;
    private final PoolMetrics metrics;

    ProxyProtocolGate(List<Cidr> trusted, PoolMetrics metrics) {
        this.trusted = trusted;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // held back until the first bytes say who the client is
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        boolean header;
        if (in.readableBytes() < DETECT_BYTES) {
            if (in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n') < 0) {
                return; // wait for more
            }
            header = false; // a short complete line: a (tiny) Stratum request
        } else {
            ProtocolDetectionResult<HAProxyProtocolVersion> result = HAProxyMessageDecoder.detectProtocol(in);
            if (result.state() == ProtocolDetectionState.NEEDS_MORE_DATA) {
                return;
            }
            header = result.state() == ProtocolDetectionState.DETECTED;
        }
        InetAddress peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        boolean fromBalancer = trusted.stream().anyMatch(c -> c.contains(peer));
        if (header && !fromBalancer) {
            refuse(ctx, in, "proxy_untrusted", "sent a PROXY header but is not in stratum.trustedProxies");
        } else if (!header && fromBalancer) {
            refuse(ctx, in, "proxy_header_missing", "is a trusted proxy but sent no PROXY header");
        } else if (header) {
            ctx.pipeline().addAfter(ctx.name(), "proxy-decoder", new HAProxyMessageDecoder());
            ctx.pipeline().addAfter("proxy-decoder", "proxy-client", new ProxiedClient());
            ctx.pipeline().remove(this); // the buffered bytes go to the decoder
        } else {
            ctx.fireChannelActive();
            ctx.pipeline().remove(this); // the buffered bytes go on as Stratum
        }
    }

    /** Counts and closes once: the bytes are dropped, so the decoder is not called on them again while the close completes. */
    private void refuse(ChannelHandlerContext ctx, ByteBuf in, String reason, String why) {
        in.skipBytes(in.readableBytes());
        metrics.connectionRefused(reason);
        LOG.debug("{}: refused: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    /** Takes the decoded header's source as the client address, then lets the connection start. */
    private static final class ProxiedClient extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HAProxyMessage header)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                if (header.command() == HAProxyCommand.PROXY && header.proxiedProtocol() != HAProxyProxiedProtocol.UNKNOWN
                        && header.proxiedProtocol() != HAProxyProxiedProtocol.UNIX_STREAM
                        && header.proxiedProtocol() != HAProxyProxiedProtocol.UNIX_DGRAM) {
                    ClientAddress.set(ctx.channel(), new InetSocketAddress(
                            InetAddress.getByName(header.sourceAddress()), header.sourcePort()));
                } // LOCAL (the balancer's own health check) or UNKNOWN: the socket's peer stands
            } catch (java.net.UnknownHostException e) {
                ctx.close(); // the decoder validated the literal; this cannot happen
                return;
            } finally {
                header.release();
            }
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
        }
    }
}

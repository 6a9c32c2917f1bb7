package io.stratumpool.sim;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.nio.charset.StandardCharsets;

/** framer → decoder → encoder → session: one Stratum line in, one {@link ClientSession} call. */
final class MinerChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final SimMiner miner;

    MinerChannelInitializer(SimMiner miner) {
        this.miner = miner;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ClientSession session = new ClientSession(miner, ch);
        ChannelPipeline p = ch.pipeline();
        // Fail fast: a pool line longer than the limit ends the connection, as firmware buffers do.
        p.addLast("framer", new LineBasedFrameDecoder(miner.options().maxLineLength(), true, true));
        p.addLast("decoder", new StringDecoder(StandardCharsets.UTF_8));
        p.addLast("encoder", new StringEncoder(StandardCharsets.UTF_8));
        p.addLast("session", new SessionHandler(session));
    }

    /** Forwards channel events to the session; a new instance per channel since it holds one. */
    private static final class SessionHandler extends SimpleChannelInboundHandler<String> {
        private final ClientSession session;

        SessionHandler(ClientSession session) {
            this.session = session;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            session.miner.onConnected(session);
            session.onActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            session.onLine(line);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            session.onInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                session.fail("pool sent a line longer than " + session.options.maxLineLength() + " bytes");
            } else if (cause instanceof java.io.IOException) {
                ctx.close(); // the pool reset the connection: a disconnect, not the miner giving up
            } else {
                session.fail("unexpected error: " + cause);
            }
        }
    }
}

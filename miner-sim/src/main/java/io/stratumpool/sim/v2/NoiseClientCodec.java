package io.stratumpool.sim.v2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.sv2.message.Sv2Messages;
import io.stratumpool.sv2.noise.EncryptedFrameReader;
import io.stratumpool.sv2.noise.NoiseInitiator;
import io.stratumpool.sv2.noise.NoiseResponder;
import io.stratumpool.sv2.noise.NoiseSession;
import java.util.List;

/**
 * The miner's side of the wire: sends handshake act 1 when connected, reads act 2 (234 bytes) and
 * checks the pool's certificate, fires {@link #HANDSHAKE_COMPLETE}, then decrypts frames into
 * messages and encrypts messages into frames. Stateful: one per connection. Any failure
 * (certificate refused, bad MAC, undecodable frame) surfaces as an exception whose cause says why.
 */
final class NoiseClientCodec extends ByteToMessageCodec<Sv2Message> {
    /** The user event fired once the pool is authenticated and the transport is up. */
    static final Object HANDSHAKE_COMPLETE = "sv2-handshake-complete";

    private final NoiseInitiator initiator;
    private final int maxFrameLength;
    private NoiseSession session;
    private EncryptedFrameReader reader;

    NoiseClientCodec(NoiseInitiator initiator, int maxFrameLength) {
        super(Sv2Message.class);
        this.initiator = initiator;
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(initiator.start()));
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (session == null) {
            if (in.readableBytes() < NoiseResponder.MESSAGE_2_LENGTH) {
                return;
            }
            byte[] act2 = new byte[NoiseResponder.MESSAGE_2_LENGTH];
            in.readBytes(act2);
            session = initiator.finish(act2);
            reader = new EncryptedFrameReader(session, maxFrameLength);
            ctx.fireUserEventTriggered(HANDSHAKE_COMPLETE);
            return;
        }
        while (in.readableBytes() >= reader.bytesNeeded()) {
            byte[] chunk = new byte[reader.bytesNeeded()];
            in.readBytes(chunk);
            byte[] frame = reader.accept(chunk);
            if (frame != null) {
                out.add(Sv2Messages.decodeFrame(frame));
                return;
            }
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Sv2Message message, ByteBuf out) throws Exception {
        if (session == null) {
            throw new IllegalStateException("sending " + Sv2Messages.name(message.msgType()) + " before the handshake finished");
        }
        out.writeBytes(session.encryptFrame(Sv2Messages.frame(message)));
    }
}

package io.stratumpool.pool.v2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.stratumpool.sv2.codec.FrameHeader;
import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.sv2.message.Sv2Messages;
import io.stratumpool.sv2.noise.EncryptedFrameReader;
import io.stratumpool.sv2.noise.NoiseException;
import io.stratumpool.sv2.noise.NoiseResponder;
import io.stratumpool.sv2.noise.NoiseSession;
import java.util.List;

/**
 * One V2 connection's bytes: first the Noise NX handshake (reads the miner's 64-byte ephemeral
 * key, answers the 234-byte act 2), then encrypted frames in both directions. Inbound frames are
 * read header first, and a header announcing more than {@code maxFrameLength} payload bytes is
 * refused before its payload is awaited; each decrypted frame becomes a message record. Frames of
 * an extension other than 0 are skipped (the spec's rule for unknown extensions). Every refusal is
 * a {@link V2ProtocolException} with its reason; the session closes the connection on it.
 * Stateful: one per connection.
 */
public final class V2FrameCodec extends ByteToMessageCodec<Sv2Message> {
    private final NoiseResponder responder;
    private final int maxFrameLength;
    private NoiseSession session;
    private EncryptedFrameReader reader;
    private boolean failed;

    public V2FrameCodec(NoiseResponder responder, int maxFrameLength) {
        super(Sv2Message.class);
        this.responder = responder;
        this.maxFrameLength = maxFrameLength;
    }

    /** True once the handshake completed. */
    public boolean established() {
        return session != null;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws V2ProtocolException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            if (session == null) {
                handshake(ctx, in);
            }
            while (session != null && in.readableBytes() >= reader.bytesNeeded()) {
                byte[] chunk = new byte[reader.bytesNeeded()];
                in.readBytes(chunk);
                byte[] frame = accept(chunk);
                if (frame != null) {
                    Sv2Message message = decodeFrame(frame);
                    if (message != null) {
                        out.add(message);
                    }
                }
            }
        } catch (V2ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void handshake(ChannelHandlerContext ctx, ByteBuf in) throws V2ProtocolException {
        if (in.readableBytes() < NoiseResponder.MESSAGE_1_LENGTH) {
            return;
        }
        byte[] act1 = new byte[NoiseResponder.MESSAGE_1_LENGTH];
        in.readBytes(act1);
        try {
            byte[] act2 = responder.respond(act1);
            session = responder.session();
            reader = new EncryptedFrameReader(session, maxFrameLength);
            ctx.writeAndFlush(ctx.alloc().buffer(act2.length).writeBytes(act2), ctx.voidPromise());
        } catch (NoiseException e) {
            throw new V2ProtocolException(V2ProtocolException.HANDSHAKE, e.getMessage(), e);
        }
    }

    private byte[] accept(byte[] chunk) throws V2ProtocolException {
        try {
            return reader.accept(chunk);
        } catch (NoiseException e) {
            throw new V2ProtocolException(reasonOf(e), e.getMessage(), e);
        }
    }

    private static Sv2Message decodeFrame(byte[] frame) throws V2ProtocolException {
        try {
            FrameHeader header = FrameHeader.decode(frame, 0);
            if (header.extension() != 0) {
                return null;
            }
            return Sv2Messages.decodeFrame(frame);
        } catch (Sv2DecodeException e) {
            String reason = e.reason() == Sv2DecodeException.Reason.UNKNOWN_MESSAGE
                    ? V2ProtocolException.UNEXPECTED : V2ProtocolException.MALFORMED;
            throw new V2ProtocolException(reason, e.getMessage(), e);
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Sv2Message message, ByteBuf out) throws NoiseException {
        if (session == null) {
            throw new IllegalStateException("a V2 message before the handshake: " + message);
        }
        out.writeBytes(session.encryptFrame(Sv2Messages.frame(message)));
    }

    /** The metric reason of a transport refusal. */
    static String reasonOf(NoiseException e) {
        return switch (e.reason()) {
            case FRAME_TOO_LARGE -> V2ProtocolException.TOO_LARGE;
            case DECRYPT_FAILED -> V2ProtocolException.DECRYPT;
            default -> V2ProtocolException.MALFORMED;
        };
    }
}

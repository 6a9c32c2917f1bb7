package io.stratumpool.pool.stratum;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes reply lines (text) as UTF-8; prebuilt notify buffers pass by it untouched. Sharable. */
@Sharable
public final class StratumEncoder extends MessageToByteEncoder<CharSequence> {
    public StratumEncoder() {
        super(CharSequence.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, CharSequence line, ByteBuf out) {
        ByteBufUtil.writeUtf8(out, line);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, CharSequence line, boolean preferDirect) {
        return ctx.alloc().ioBuffer(ByteBufUtil.utf8MaxBytes(line));
    }
}

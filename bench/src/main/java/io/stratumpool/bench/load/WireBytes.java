package io.stratumpool.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * First in a generator connection's pipeline: counts every byte the socket reads and every byte
 * written to it (TCP payload: framing, encryption and MACs included; TCP/IP headers not) into its
 * fleet's totals. One per fleet.
 */
@Sharable
final class WireBytes extends ChannelDuplexHandler {
    private final FleetState fleet;

    WireBytes(FleetState fleet) {
        this.fleet = fleet;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            fleet.bytesIn.add(b.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            fleet.bytesOut.add(b.readableBytes());
        }
        ctx.write(msg, promise);
    }
}

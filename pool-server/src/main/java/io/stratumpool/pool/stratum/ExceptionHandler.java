package io.stratumpool.pool.stratum;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.stratumpool.pool.metrics.PoolMetrics;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's tail: closes the connection on any error. Protocol violations (over-long line,
 * invalid JSON) are logged at DEBUG and counted; resets by the peer are ordinary and stay quiet;
 * anything else is a bug and is logged at WARN.
 */
@Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);

    private final PoolMetrics metrics;

    public ExceptionHandler(PoolMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException) {
            metrics.protocolError("line_too_long");
            DisconnectEvents.closing(ctx.channel(), "line_too_long", "line over the length limit");
        } else if (root instanceof CorruptedFrameException) {
            metrics.protocolError("invalid_json");
            DisconnectEvents.closing(ctx.channel(), "invalid_json", String.valueOf(root.getMessage()));
        } else if (root instanceof IOException) {
            LOG.trace("{}: {}", ctx.channel().remoteAddress(), root.toString());
        } else {
            LOG.warn("{}: unexpected error, closing", ctx.channel().remoteAddress(), cause);
            DisconnectEvents.closing(ctx.channel(), "error", root.toString());
        }
        ctx.close();
    }
}

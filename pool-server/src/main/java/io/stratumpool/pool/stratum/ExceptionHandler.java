package io.stratumpool.pool.stratum;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.stratumpool.pool.metrics.PoolMetrics;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Stratum pipeline does with an error that reaches its last handler (the session): closes
 * the connection. Protocol violations (over-long line, invalid JSON) are counted and named in the
 * disconnect event; resets by the peer are ordinary and stay quiet; anything else is a bug and is
 * logged at WARN. A function of the session rather than a handler of its own, so a connection has
 * one pipeline context fewer.
 */
public final class ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);

    private ExceptionHandler() {
    }

    public static void closeOn(ChannelHandlerContext ctx, Throwable cause, PoolMetrics metrics) {
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

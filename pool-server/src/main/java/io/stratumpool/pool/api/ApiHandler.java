package io.stratumpool.pool.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request to the router on the API executor (the router reads the database) and
 * writes the answer back. Reading pauses on a connection until its answer is written, so
 * pipelined requests are answered in order. Stateless, hence sharable.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final ApiRouter router;
    private final Executor executor;
    private final ObjectMapper mapper = new ObjectMapper();

    ApiHandler(ApiRouter router, Executor executor) {
        this.router = router;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            write(ctx, ApiResponse.error(400, "bad request", "path", null), null, false);
            return;
        }
        String method = request.method().name();
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        ctx.channel().config().setAutoRead(false);
        try {
            executor.execute(() -> write(ctx, answer(method, query), ifNoneMatch, keepAlive));
        } catch (RejectedExecutionException e) {
            write(ctx, ApiResponse.error(503, "busy", "path", query.path()), null, false);
        }
    }

    private ApiResponse answer(String method, QueryStringDecoder query) {
        try {
            return router.route(method, query.path(), query.parameters());
        } catch (RuntimeException e) {
            log.warn("API {} {} failed", method, query.path(), e);
            return ApiResponse.error(500, "internal error", "path", query.path());
        }
    }

    private void write(ChannelHandlerContext ctx, ApiResponse answer, String ifNoneMatch, boolean keepAlive) {
        FullHttpResponse response = answer.content() != null ? WebContent.render(answer, ifNoneMatch) : render(answer);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (keepAlive) {
            written.addListener(f -> ctx.channel().config().setAutoRead(true));
        } else {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse render(ApiResponse answer) {
        byte[] body;
        String type = answer.text() != null ? PROMETHEUS : JSON;
        try {
            body = answer.text() != null ? answer.text().getBytes(StandardCharsets.UTF_8)
                    : mapper.writeValueAsBytes(answer.json());
        } catch (JsonProcessingException e) {
            log.warn("API answer not serializable", e);
            return render(ApiResponse.error(500, "internal error", "path", null));
        }
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                // Read-only and without credentials: any web page may show the pool's figures.
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        if (answer.allow() != null) {
            response.headers().set(HttpHeaderNames.ALLOW, answer.allow());
        }
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("API connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

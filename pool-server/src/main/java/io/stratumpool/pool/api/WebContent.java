package io.stratumpool.pool.api;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Writes a page or an asset: its type, caching, and on pages the policy that keeps every request on this origin. */
final class WebContent {
    /** Scripts, styles, images and API calls from this origin only; no frames, no plugins, no inline code. */
    static final String POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    private WebContent() {
    }

    /** 304 without a body when {@code ifNoneMatch} names the content's current ETag. */
    static FullHttpResponse render(ApiResponse answer, String ifNoneMatch) {
        ApiResponse.Content c = answer.content();
        boolean unchanged = c.etag() != null && ifNoneMatch != null && ifNoneMatch.contains(c.etag());
        byte[] body = unchanged ? new byte[0] : c.body();
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                unchanged ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(body));
        var headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, c.type())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, c.cacheControl())
                .set("X-Content-Type-Options", "nosniff");
        if (c.etag() != null) {
            headers.set(HttpHeaderNames.ETAG, c.etag());
        }
        if (c.location() != null) {
            headers.set(HttpHeaderNames.LOCATION, c.location());
        }
        if (c.page()) {
            headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, POLICY)
                    .set("Referrer-Policy", "same-origin");
        }
        return response;
    }
}

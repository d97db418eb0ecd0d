package io.strait.ingress.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Responses the router answers itself: a short text body naming the reason, with Content-Length. */
final class Responses {
    private Responses() {}

    static FullHttpResponse text(ByteBufAllocator alloc, int status, String reason, boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                ByteBufUtil.writeUtf8(alloc, reason + "\n"));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        r.headers().set(HttpHeaderNames.SERVER, "strait");
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return r;
    }

    static FullHttpResponse redirect(ByteBufAllocator alloc, int status, String location, boolean keepAlive) {
        FullHttpResponse r = text(alloc, status, "redirect to " + location, keepAlive);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        return r;
    }
}

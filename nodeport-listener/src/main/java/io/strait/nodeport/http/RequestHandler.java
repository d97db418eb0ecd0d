package io.strait.nodeport.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Answers whole requests: exact paths only (404 otherwise), GET and HEAD only (405 with
 * {@code Allow} otherwise), malformed or oversized requests with 400/414/431 and a close.
 * Inline routes answer on the event loop; the others run on the worker and a full worker queue
 * answers 503. Pipelined requests are answered in order.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final byte[] NOT_FOUND = "404 page not found\n".getBytes(StandardCharsets.UTF_8);

    private final Map<String, HttpRoute> routes;
    private final java.util.function.Supplier<HttpRoute> fallback;
    private final Executor worker;
    private CompletableFuture<?> previous = CompletableFuture.completedFuture(null);

    RequestHandler(Map<String, HttpRoute> routes, java.util.function.Supplier<HttpRoute> fallback, Executor worker) {
        this.routes = routes;
        this.fallback = fallback;
        this.worker = worker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            send(ctx, response(status, "text/plain; charset=utf-8", (status + "\n").getBytes(StandardCharsets.UTF_8)),
                    false, false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = request.method().equals(HttpMethod.HEAD);
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        HttpRoute route = routes.getOrDefault(path, fallback.get());
        CompletableFuture<FullHttpResponse> answer;
        if (route == null) {
            answer = CompletableFuture.completedFuture(response(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", NOT_FOUND));
        } else if (!route.anyMethod() && !head && !request.method().equals(HttpMethod.GET)) {
            FullHttpResponse r = response(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                    "405 method not allowed\n".getBytes(StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            answer = CompletableFuture.completedFuture(r);
        } else {
            HttpRoute.Request req = new HttpRoute.Request(q < 0 ? null : uri.substring(q + 1),
                    request.headers().get(HttpHeaderNames.ACCEPT));
            answer = route.inline() ? CompletableFuture.completedFuture(run(route, req)) : offload(route, req);
        }
        CompletableFuture<?> before = previous;
        previous = before.thenCombine(answer, (x, r) -> r).whenComplete((r, e) ->
                ctx.executor().execute(() -> send(ctx, r != null ? r : response(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        "text/plain; charset=utf-8", "500\n".getBytes(StandardCharsets.UTF_8)), keepAlive, head)));
    }

    private CompletableFuture<FullHttpResponse> offload(HttpRoute route, HttpRoute.Request req) {
        try {
            return CompletableFuture.supplyAsync(() -> run(route, req), worker);
        } catch (RejectedExecutionException busy) {
            return CompletableFuture.completedFuture(response(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "text/plain; charset=utf-8", "503 busy\n".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static FullHttpResponse run(HttpRoute route, HttpRoute.Request req) {
        try {
            HttpRoute.Answer a = route.handler().apply(req);
            FullHttpResponse r = response(HttpResponseStatus.valueOf(a.status()), a.contentType(), a.body());
            a.headers().forEach((k, v) -> r.headers().set(k, v));
            return r;
        } catch (RuntimeException e) {
            return response(HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8",
                    ("500 " + e + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set("X-Content-Type-Options", "nosniff")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive, boolean head) {
        if (head) {
            FullHttpResponse headersOnly = r.replace(Unpooled.EMPTY_BUFFER); // Content-Length as for GET
            r.release();
            r = headersOnly;
        }
        if (!ctx.channel().isActive()) {
            r.release();
            return;
        }
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or a broken client: nothing to answer
    }
}

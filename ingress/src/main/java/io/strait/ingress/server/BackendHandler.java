package io.strait.ingress.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The backend side of one pooled connection: relays the response of the exchange it is bound to,
 * pausing its reads while the client cannot take more. Unbound (idle in the pool) it closes on
 * anything but silence: unexpected data, EOF, or the idle timeout.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    private final InetSocketAddress endpoint;
    private final BackendPool pool;
    private FrontendHandler frontend;
    private boolean informational;
    private boolean keepAlive;
    private boolean responseStarted;
    private FrontendHandler tunnelTo;

    BackendHandler(InetSocketAddress endpoint, BackendPool pool) {
        this.endpoint = endpoint;
        this.pool = pool;
    }

    InetSocketAddress endpoint() {
        return endpoint;
    }

    void bind(FrontendHandler f) {
        this.frontend = f;
        this.informational = false;
        this.keepAlive = true;
        this.responseStarted = false;
    }

    void unbind() {
        this.frontend = null;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    boolean responseStarted() {
        return responseStarted;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tunnelTo != null) {
            // The decoder's end of the 101 response: from here on the connection carries raw bytes.
            ReferenceCountUtil.release(msg);
            Channel client = tunnelTo.channel();
            tunnelTo = null;
            ChannelPipeline p = ctx.pipeline();
            TunnelHandler.install(ctx.channel(), client);
            p.remove(IdleStateHandler.class);
            p.remove(this);
            p.remove(HttpClientCodec.class);
            return;
        }
        FrontendHandler f = frontend;
        if (f == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse r && r.status().code() == 101 && f.upgradeRequested()) {
            ForwardHeaders.stripHopByHop(r.headers());
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            r.headers().set(HttpHeaderNames.UPGRADE, "websocket");
            frontend = null;
            tunnelTo = f;
            f.upgraded(r);
            return;
        }
        if (msg instanceof HttpResponse r) {
            int code = r.status().code();
            informational = code >= 100 && code < 200;
            if (!informational) {
                responseStarted = true;
                keepAlive = HttpUtil.isKeepAlive(r);
                ForwardHeaders.stripHopByHop(r.headers());
                r.setProtocolVersion(HttpVersion.HTTP_1_1);
                if (!f.clientKeepAlive()) {
                    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                }
                f.responseStarted(code);
            }
        }
        boolean last = msg instanceof LastHttpContent;
        f.writeToClient((HttpObject) msg, last && !informational);
        if (last) {
            if (informational) {
                informational = false;
            } else {
                f.responseComplete();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        FrontendHandler f = frontend;
        if (f != null) {
            f.flushClient();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        FrontendHandler f = frontend;
        if (f != null && ctx.channel().isWritable()) {
            f.backendWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && frontend == null) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.remove(endpoint, ctx.channel());
        FrontendHandler f = frontend;
        frontend = null;
        if (f != null) {
            f.backendClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

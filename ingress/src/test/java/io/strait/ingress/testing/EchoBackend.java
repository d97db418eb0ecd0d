package io.strait.ingress.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 backend on port 0 that answers every request with its name, the request
 * line, the request headers and the SHA-256 of the body; counts the connections it accepted.
 * With {@code silent} it never answers (for timeout tests).
 */
public final class EchoBackend implements AutoCloseable {
    public final String name;
    public final AtomicInteger connections = new AtomicInteger();
    private final Channel server;

    public EchoBackend(String name, EventLoopGroup group, Transport transport, boolean silent) throws InterruptedException {
        this(name, group, transport, silent, 0);
    }

    /**
     * @param answersPerConnection when positive, the request after this many on one connection is
     *                             not answered: the connection is closed (a keep-alive timeout racing a reuse)
     */
    public EchoBackend(String name, EventLoopGroup group, Transport transport, boolean silent, int answersPerConnection)
            throws InterruptedException {
        this.name = name;
        this.server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    private int answered;

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
                                        if (answersPerConnection > 0 && answered++ == answersPerConnection) {
                                            ctx.close();
                                        } else if (!silent) {
                                            ctx.writeAndFlush(answer(ctx, req));
                                        }
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private FullHttpResponse answer(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
        StringBuilder sb = new StringBuilder(name).append('\n').append(req.method()).append(' ').append(req.uri()).append('\n');
        for (Map.Entry<String, String> h : req.headers()) {
            sb.append(h.getKey().toLowerCase(java.util.Locale.ROOT)).append(": ").append(h.getValue()).append('\n');
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        sb.append("body-sha256: ").append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)))
                .append('\n');
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                ByteBufUtil.writeUtf8(ctx.alloc(), sb));
        HttpUtil.setContentLength(r, r.content().readableBytes());
        r.headers().set("x-backend", name);
        return r;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() throws InterruptedException {
        server.close().sync();
    }
}

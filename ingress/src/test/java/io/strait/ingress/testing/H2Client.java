package io.strait.ingress.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Netty's HTTP/2 client: one connection (TLS with ALPN h2, or h2c by prior knowledge), one GET per stream. */
public final class H2Client implements AutoCloseable {
    public record Response(int status, String backend, String body, String alpn) {}

    private final Channel channel;
    private final String scheme;

    public H2Client(EventLoopGroup group, Transport transport, int port, String sni) throws Exception {
        SslContext ssl = sni == null ? null : SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
        this.scheme = sni == null ? "http" : "https";
        channel = new Bootstrap().group(group).channel(transport.socketChannel()).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (ssl != null) {
                    ch.pipeline().addLast(ssl.newHandler(ch.alloc(), sni, port));
                }
                ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(), new Http2MultiplexHandler(
                        new SimpleChannelInboundHandler<Object>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Object msg) {}
                        }));
            }
        }).connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null) {
            tls.handshakeFuture().sync();
        }
    }

    /** The protocol ALPN chose ("h2"), or null for h2c. */
    public String alpn() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls == null ? null : tls.applicationProtocol();
    }

    public Response get(String authority, String path) throws Exception {
        return request("GET", authority, path, null);
    }

    /** A request with this body in one DATA frame, without content-length (the router must frame it for HTTP/1.1). */
    public Response post(String authority, String path, byte[] body) throws Exception {
        return request("POST", authority, path, body);
    }

    private Response request(String method, String authority, String path, byte[] payload) throws Exception {
        CompletableFuture<Response> result = new CompletableFuture<>();
        StringBuilder body = new StringBuilder();
        int[] status = {0};
        String[] backend = {null};
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel).handler(
                new SimpleChannelInboundHandler<Http2StreamFrame>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
                        boolean end = false;
                        if (frame instanceof Http2HeadersFrame h) {
                            if (h.headers().status() != null) {
                                status[0] = Integer.parseInt(h.headers().status().toString());
                                CharSequence b = h.headers().get("x-backend");
                                backend[0] = b == null ? null : b.toString();
                            }
                            end = h.isEndStream();
                        } else if (frame instanceof Http2DataFrame d) {
                            ByteBuf c = d.content();
                            body.append(c.toString(StandardCharsets.UTF_8));
                            end = d.isEndStream();
                        }
                        if (end) {
                            result.complete(new Response(status[0], backend[0], body.toString(), alpn()));
                        }
                    }
                }).open().sync().getNow();
        stream.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method(method).path(path)
                .scheme(scheme).authority(authority), payload == null));
        if (payload != null) {
            stream.write(new io.netty.handler.codec.http2.DefaultHttp2DataFrame(
                    io.netty.buffer.Unpooled.wrappedBuffer(payload), true));
        }
        stream.flush();
        return result.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
    }
}

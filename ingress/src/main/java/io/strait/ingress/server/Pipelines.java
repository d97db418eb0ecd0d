package io.strait.ingress.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The client-side pipelines. HTTP/1.1: idle timeout, codec, one {@link FrontendHandler}. HTTP/2:
 * the frame codec and a multiplexer giving each stream a child channel whose frames are
 * translated to HTTP/1.1 objects for its own {@link FrontendHandler} (one request per stream);
 * backends are spoken to in HTTP/1.1 either way.
 */
final class Pipelines {
    private Pipelines() {}

    static void http1(ChannelPipeline p, IngressServer server) {
        RouterConfig c = server.config();
        p.addLast(new IdleStateHandler(0, 0, c.clientIdleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                new HttpServerCodec(server.decoderConfig()), new FrontendHandler(server));
    }

    static void http2(ChannelPipeline p, IngressServer server) {
        RouterConfig c = server.config();
        p.addLast(new IdleStateHandler(0, 0, c.clientIdleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                Http2FrameCodecBuilder.forServer().build(),
                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new FrontendHandler(server));
                    }
                }));
    }
}

package io.strait.dns.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.strait.dns.server.MalformedMessageException;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One question asked over TCP (RFC 7766), after a truncated UDP answer: connect, send, read one
 * length-prefixed response, close. {@code done} gets the parsed response, or null on any failure,
 * exactly once, on {@code loop}.
 */
final class TcpExchange {
    private TcpExchange() {}

    static void ask(EventLoop loop, Transport transport, InetSocketAddress upstream, String name, int type,
                    Duration timeout, Consumer<UpstreamResponse> done) {
        boolean[] finished = new boolean[1];
        Consumer<UpstreamResponse> once = r -> {
            if (!finished[0]) {
                finished[0] = true;
                done.accept(r);
            }
        };
        int id = java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000);
        new Bootstrap().group(loop).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS),
                                new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2), new LengthFieldPrepender(2),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        ctx.writeAndFlush(QueryWriter.write(ctx.alloc(), id, name, type));
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        try {
                                            UpstreamResponse r = UpstreamResponse.parse(frame);
                                            once.accept(r.id() == id && r.name().equalsIgnoreCase(name)
                                                    && r.type() == type && !r.truncated() ? r : null);
                                        } catch (MalformedMessageException e) {
                                            once.accept(null);
                                        }
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        once.accept(null);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        once.accept(null);
                                        ctx.close();
                                    }
                                });
                    }
                }).connect(upstream).addListener(f -> {
                    if (!f.isSuccess()) {
                        once.accept(null);
                    }
                });
    }
}

package io.strait.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.strait.dns.metrics.DnsMetrics;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket's queries. Responses computed during a read burst are written and flushed once at
 * its end; when the socket's outbound buffer is above its high-water mark a response is dropped
 * (a client retries) rather than queued, so a flood cannot grow memory. Never lets an exception
 * out: a bug in answering one packet costs that packet only. Runs on the channel's event loop.
 */
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(UdpQueryHandler.class);

    private final QueryEngine engine;
    private final DnsMetrics metrics;
    private boolean reading;

    UdpQueryHandler(QueryEngine engine, DnsMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress sender = packet.sender();
        reading = true;
        try {
            engine.handle(packet.content(), false, sender.getAddress(), ctx.alloc(), out -> send(ctx, out, sender));
        } catch (Throwable t) {
            metrics.dropped("error");
            log.warn("DNS query from {} failed: {}", sender, t.toString());
        } finally {
            reading = false;
        }
    }

    private void send(ChannelHandlerContext ctx, ByteBuf out, InetSocketAddress to) {
        if (!ctx.channel().isWritable()) {
            out.release();
            metrics.dropped("backpressure");
            return;
        }
        if (reading && ctx.executor().inEventLoop()) {
            ctx.write(new DatagramPacket(out, to), ctx.voidPromise());
        } else {
            ctx.writeAndFlush(new DatagramPacket(out, to), ctx.voidPromise());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("DNS UDP socket error (the socket stays open): {}", cause.toString());
    }
}

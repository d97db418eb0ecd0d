package io.strait.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import io.strait.dns.metrics.DnsMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queries on one TCP connection (RFC 7766: several per connection, answered possibly out of order).
 * At most {@value #MAX_IN_FLIGHT} queries wait for the upstream at a time: beyond that the handler
 * stops reading until answers go out, so a client pipelining faster than upstream answers is
 * throttled by TCP itself. Likewise it stops reading while the outbound buffer is above its
 * high-water mark (a client that sends without reading), so neither queue grows without bound.
 * Runs on the connection's event loop.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
    static final int MAX_IN_FLIGHT = 32;
    private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);

    private final QueryEngine engine;
    private final DnsMetrics metrics;
    private int inFlight;

    TcpQueryHandler(QueryEngine engine, DnsMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        inFlight++;
        if (inFlight >= MAX_IN_FLIGHT) {
            ctx.channel().config().setAutoRead(false);
        }
        try {
            engine.handle(frame, true, ((java.net.InetSocketAddress) ctx.channel().remoteAddress()).getAddress(), ctx.alloc(), out -> ctx.executor().execute(() -> done(ctx, out)));
        } catch (Throwable t) {
            metrics.dropped("error");
            log.warn("DNS query over TCP from {} failed: {}", ctx.channel().remoteAddress(), t.toString());
            ctx.close();
        }
    }

    private void done(ChannelHandlerContext ctx, ByteBuf out) {
        inFlight--;
        if (!ctx.channel().isActive()) {
            out.release();
            return;
        }
        ctx.writeAndFlush(out, ctx.voidPromise());
        resumeIfRoom(ctx);
    }

    private void resumeIfRoom(ChannelHandlerContext ctx) {
        boolean room = inFlight < MAX_IN_FLIGHT && ctx.channel().isWritable();
        if (room != ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(room);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        resumeIfRoom(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof ReadTimeoutException)) {
            log.debug("DNS TCP connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close(); // a bad length prefix or an idle client: the connection goes, the server stays
    }
}

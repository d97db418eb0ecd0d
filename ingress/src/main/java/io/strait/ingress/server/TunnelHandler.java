package io.strait.ingress.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One side of a connection after a protocol upgrade (WebSocket): bytes go to the peer as they
 * are, reading resumes only once the peer took them (AUTO_READ off, as Netty's HexDumpProxy), and
 * a close on one side flushes and closes the other.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    TunnelHandler(Channel peer) {
        this.peer = peer;
    }

    /** Installs the tunnel as the last handler of {@code ch} and starts reading. */
    static void install(Channel ch, Channel peer) {
        ch.config().setAutoRead(false);
        ch.pipeline().addLast(new TunnelHandler(peer));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.channel().read();
            } else {
                ctx.channel().close();
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

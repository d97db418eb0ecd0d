package io.strait.proxy.dataplane;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The two Netty handlers of a {@link TcpRelay}: one on the client channel, one on the backend's. */
final class TcpRelayHandlers {
    private static final Logger log = LoggerFactory.getLogger(TcpRelayHandlers.class);

    private TcpRelayHandlers() {}

    /**
     * The exception and its causes, one line: Netty wraps the error that shut a channel's output
     * (ChannelOutputShutdownException) around the write error that caused it.
     */
    static String causes(Throwable t) {
        StringBuilder out = new StringBuilder(t.toString());
        Throwable c = t.getCause();
        for (int depth = 0; c != null && c != t && depth < 4; depth++, t = c, c = c.getCause()) {
            out.append(" <- ").append(c);
        }
        return out.toString();
    }

    /** Installed on every accepted client channel; creates the relay when the channel is active. */
    static final class ClientSide extends ChannelInboundHandlerAdapter {
        private final TcpFrontend frontend;
        private TcpRelay relay;

        ClientSide(TcpFrontend frontend) {
            this.frontend = frontend;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            relay = new TcpRelay(ctx.channel(), frontend);
            relay.connect();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (relay == null || !relay.joined()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            relay.forward(ctx.channel(), msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (relay != null && relay.joined()) {
                relay.readComplete(ctx.channel());
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (relay != null && relay.joined()) {
                relay.writabilityChanged(ctx.channel());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && relay != null && relay.joined()) {
                relay.inputShutdown(ctx.channel());
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (relay != null) {
                relay.closeBoth();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("client connection {} failed: {}", ctx.channel(), causes(cause));
            if (relay != null) {
                relay.closeBoth();
            } else {
                ctx.close();
            }
        }
    }

    /** Installed on each backend channel a relay opens (one per connect attempt). */
    static final class BackendSide extends ChannelInboundHandlerAdapter {
        private final TcpRelay relay;

        BackendSide(TcpRelay relay) {
            this.relay = relay;
        }

        private boolean current(ChannelHandlerContext ctx) {
            return ctx.channel() == relay.backend() && relay.joined();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (current(ctx)) {
                relay.forward(ctx.channel(), msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (current(ctx)) {
                relay.readComplete(ctx.channel());
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (current(ctx)) {
                relay.writabilityChanged(ctx.channel());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && current(ctx)) {
                relay.inputShutdown(ctx.channel());
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == relay.backend()) {
                relay.closeBoth();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("backend connection {} failed: {}", ctx.channel(), causes(cause));
            if (ctx.channel() == relay.backend()) {
                relay.closeBoth();
            } else {
                ctx.close();
            }
        }
    }
}

package io.strait.proxy.dataplane;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * On a TCP frontend's listening channel: a failed accept (the proxy out of descriptors, EMFILE or
 * ENFILE, above all) pauses accepting on this listener for {@value #PAUSE_MILLIS} ms and is counted
 * and logged at most once per interval, as nginx disables accept events on EMFILE. The listener is
 * never closed, and what already runs is not touched; connections waiting in the kernel's backlog
 * are accepted once descriptors free up. Without this handler the error would reach Netty's
 * acceptor, which pauses a full second, then the pipeline's tail, which logs a stack trace per
 * failed accept.
 */
final class AcceptErrors extends ChannelInboundHandlerAdapter {
    static final long PAUSE_MILLIS = 100;
    private final TcpFrontend frontend;

    AcceptErrors(TcpFrontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Route route = frontend.route();
        boolean noDescriptors = FdExhaustion.is(cause);
        if (noDescriptors) {
            route.stats.refusedNoDescriptors.increment();
        }
        frontend.flows.problems.warn("accept " + frontend.frontend() + (noDescriptors ? " fd" : " other"),
                "accepting on " + frontend.frontend() + " for " + route.spec.service() + " failed: "
                        + TcpRelayHandlers.causes(cause) + (noDescriptors
                        ? "; the proxy is out of file descriptors: new connections wait or are refused until some"
                        + " close (raise the limit: ulimit -n / LimitNOFILE)" : ""));
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead()) {
            config.setAutoRead(false);
            ctx.executor().schedule(() -> {
                if (ctx.channel().isOpen()) {
                    config.setAutoRead(true);
                }
            }, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}

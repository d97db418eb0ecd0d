package io.strait.proxy.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.strait.proxy.plan.Frontend;

/** Helpers shared by the TCP and UDP frontends. */
final class Listeners {
    private Listeners() {}

    /**
     * Waits for a bind started from a control thread (never an event loop) and returns the bound
     * channel, or throws {@link BindFailedException} naming the frontend and the OS error.
     */
    static Channel awaitBind(ChannelFuture bound, Frontend frontend) {
        if (!bound.awaitUninterruptibly(10_000)) {
            bound.channel().close();
            throw new BindFailedException(frontend, "bind did not complete within 10 s");
        }
        if (!bound.isSuccess()) {
            bound.channel().close();
            Throwable cause = bound.cause();
            throw new BindFailedException(frontend, cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
        return bound.channel();
    }
}

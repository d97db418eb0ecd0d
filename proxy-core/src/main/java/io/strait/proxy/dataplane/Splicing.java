package io.strait.proxy.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;

/**
 * Zero-copy relaying with splice(2) on epoll (model: Netty's
 * {@code AbstractEpollStreamChannel.spliceTo}): each side splices into the other through a pipe,
 * never copying into user space. Netty requires both channels on one event loop (a relay's are)
 * and level-triggered epoll. Splicing runs with AUTO_READ on, so it gives up the per-read
 * writability backpressure of the copying relay (the kernel's socket buffers bound it instead),
 * and bytes are not counted per flow. Netty 4.2's io_uring transport has no splice API, so there
 * {@code --splice} falls back to copying.
 */
final class Splicing {
    private Splicing() {}

    @SuppressWarnings("deprecation")
    static void start(TcpRelay relay, Channel client, Channel backend) {
        AbstractEpollStreamChannel c = (AbstractEpollStreamChannel) client;
        AbstractEpollStreamChannel b = (AbstractEpollStreamChannel) backend;
        c.config().setOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
        b.config().setOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
        c.spliceTo(b, Integer.MAX_VALUE).addListener(f -> {
            if (!f.isSuccess()) {
                relay.closeBoth();
            }
        });
        b.spliceTo(c, Integer.MAX_VALUE).addListener(f -> {
            if (!f.isSuccess()) {
                relay.closeBoth();
            }
        });
        c.config().setAutoRead(true);
        b.config().setAutoRead(true);
    }
}

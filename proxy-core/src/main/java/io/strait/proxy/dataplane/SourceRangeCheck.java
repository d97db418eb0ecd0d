package io.strait.proxy.dataplane;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * The accept-time check of {@code loadBalancerSourceRanges}: a client outside the route's ranges
 * is refused (TCP: RST at once; UDP: the datagram is dropped) and counted in
 * {@link PortStats#refusedSourceRange()}. Called on event loops; allocation-free for IPv4 clients.
 */
final class SourceRangeCheck {
    private SourceRangeCheck() {}

    /** True when the TCP client was refused (and reset); the caller stops there. */
    static boolean refuse(Route route, Channel client) {
        if (route.spec.sourceRanges().allowsAll()
                || route.spec.sourceRanges().allows(((InetSocketAddress) client.remoteAddress()).getAddress())) {
            return false;
        }
        route.stats.refusedSourceRange.increment();
        TcpRelay.reset(client);
        return true;
    }

    /** True when a datagram from this UDP client must be dropped. */
    static boolean drop(Route route, InetSocketAddress client) {
        if (route.spec.sourceRanges().allowsAll() || route.spec.sourceRanges().allows(client.getAddress())) {
            return false;
        }
        route.stats.refusedSourceRange.increment();
        return true;
    }
}

package io.strait.proxy.dataplane;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.strait.proxy.plan.Frontend;
import java.util.ArrayList;
import java.util.List;

/**
 * A UDP frontend. On epoll and io_uring it binds one socket per event loop with SO_REUSEPORT, so
 * the kernel spreads client flows over the loops by hashing their addresses (a client keeps
 * reaching the same socket, as with nginx's {@code reuseport}); on NIO one socket. Each socket is a
 * {@link UdpPort} holding its flows. When the route changes, flows whose endpoint left are dropped
 * at once so the next datagram goes to a live endpoint.
 */
final class UdpFrontend implements Listener {
    /** Largest UDP payload over IPv4 (65,535 − 8 − 20); datagrams pass intact up to it. */
    static final int MAX_DATAGRAM = 65_507;

    private final Frontend frontend;
    private final List<UdpPort> ports = new ArrayList<>();
    private volatile Route route;

    private UdpFrontend(Frontend frontend, Route route, EventLoopGroup group, DataplaneConfig config, Flows flows) {
        this.frontend = frontend;
        this.route = route;
        boolean reusePort = config.transport().datagramTransport() != Transport.NIO;
        try {
            for (EventExecutor loop : group) {
                ports.add(new UdpPort(this, (EventLoop) loop, config, flows, reusePort));
                if (!reusePort) {
                    break;
                }
            }
        } catch (BindFailedException e) {
            ports.forEach(UdpPort::close);
            throw e;
        }
    }

    static UdpFrontend open(Frontend frontend, Route route, EventLoopGroup group, DataplaneConfig config, Flows flows) {
        return new UdpFrontend(frontend, route, group, config, flows);
    }

    @Override
    public Frontend frontend() {
        return frontend;
    }

    @Override
    public Route route() {
        return route;
    }

    @Override
    public void update(Route route) {
        this.route = route;
        ports.forEach(p -> p.routeChanged(route));
    }

    @Override
    public void close() {
        ports.forEach(UdpPort::close);
    }

    /** Number of live flows (for tests and inspection); must be called off the event loops. */
    int flowCount() {
        return ports.stream().mapToInt(UdpPort::flowCount).sum();
    }
}

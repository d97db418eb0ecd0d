package io.strait.proxy.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import io.strait.proxy.plan.Frontend;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A UDP frontend: one socket, and per client address a flow with its own connected socket to the
 * chosen endpoint (like conntrack or nginx's stream module), so replies return to the right client
 * from the frontend address. Flows live in a map confined to the frontend's event loop (the
 * backend sockets are registered on that same loop) and expire after {@code udpIdleTimeout}.
 * When the route changes, flows whose endpoint left are dropped at once so the next datagram goes
 * to a live endpoint.
 */
final class UdpFrontend implements Listener {
    /** Largest UDP payload over IPv4 (65,535 − 8 − 20); datagrams pass intact up to it. */
    static final int MAX_DATAGRAM = 65_507;
    private static final int RECEIVE_BUFFER = 64 * 1024;

    private final Frontend frontend;
    private final Channel channel;
    private final DataplaneConfig config;
    private final Map<InetSocketAddress, UdpFlow> flows = new HashMap<>();
    private final ScheduledFuture<?> expiry;
    private volatile Route route;

    private UdpFrontend(Frontend frontend, Route route, EventLoopGroup group, DataplaneConfig config) {
        this.frontend = frontend;
        this.route = route;
        this.config = config;
        ChannelFuture bound = new Bootstrap()
                .group(group)
                .channel(config.transport().datagramChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .handler(new ClientPackets())
                .bind(frontend.address());
        this.channel = Listeners.awaitBind(bound, frontend);
        long period = Math.max(100, Math.min(1000, config.udpIdleTimeout().toMillis() / 4));
        this.expiry = channel.eventLoop().scheduleAtFixedRate(this::expire, period, period, TimeUnit.MILLISECONDS);
    }

    static UdpFrontend open(Frontend frontend, Route route, EventLoopGroup group, DataplaneConfig config) {
        return new UdpFrontend(frontend, route, group, config);
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
        channel.eventLoop().execute(() -> flows.values().removeIf(f -> {
            if (!route.contains(f.endpoint)) {
                f.close();
                return true;
            }
            return false;
        }));
    }

    @Override
    public void close() {
        expiry.cancel(false);
        channel.close().awaitUninterruptibly(5_000);
        channel.eventLoop().execute(() -> {
            flows.values().forEach(UdpFlow::close);
            flows.clear();
        });
    }

    /** Number of live flows (for tests and inspection); must be called off the event loop. */
    int flowCount() {
        return channel.eventLoop().submit(flows::size).syncUninterruptibly().getNow();
    }

    private void expire() {
        long deadline = System.nanoTime() - config.udpIdleTimeout().toNanos();
        for (Iterator<UdpFlow> it = flows.values().iterator(); it.hasNext(); ) {
            UdpFlow f = it.next();
            if (f.lastSeen - deadline < 0) {
                it.remove();
                f.close();
            }
        }
    }

    private void onClientDatagram(DatagramPacket packet) {
        InetSocketAddress client = packet.sender();
        Route r = route;
        if (SourceRangeCheck.drop(r, client)) return;
        UdpFlow flow = flows.get(client);
        if (flow != null && (!flow.isOpen() || !r.contains(flow.endpoint))) {
            flows.remove(client);
            flow.close();
            flow = null;
        }
        if (flow == null) {
            InetSocketAddress endpoint = r.pick(client, 0);
            if (endpoint == null) {
                r.stats.refusedNoEndpoint.increment();
                return;
            }
            flow = new UdpFlow(client, endpoint, r.stats);
            flows.put(client, flow);
            r.stats.udpFlowsCreated.increment();
            r.stats.accepted.increment();
            openBackend(flow);
        }
        flow.lastSeen = System.nanoTime();
        r.stats.bytesFromClients.add(packet.content().readableBytes());
        flow.send(packet.content().retain());
    }

    private void openBackend(UdpFlow flow) {
        ChannelFuture f = new Bootstrap()
                .group(channel.eventLoop())
                .channel(config.transport().datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 1024 * 1024)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .handler(new BackendPackets(flow))
                .connect(flow.endpoint);
        flow.attach(f);
    }

    private final class ClientPackets extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            onClientDatagram(packet);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP errors surface here on some transports; a UDP frontend keeps serving.
        }
    }

    private final class BackendPackets extends SimpleChannelInboundHandler<Object> {
        private final UdpFlow flow;

        BackendPackets(UdpFlow flow) {
            this.flow = flow;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            ByteBuf content = msg instanceof DatagramPacket p ? p.content() : (ByteBuf) msg;
            flow.lastSeen = System.nanoTime();
            flow.stats.bytesToClients.add(content.readableBytes());
            channel.writeAndFlush(new DatagramPacket(content.retain(), flow.client));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable from the endpoint: forget the flow so the next datagram re-picks.
            if (flows.get(flow.client) == flow) {
                flows.remove(flow.client);
            }
            flow.close();
        }
    }
}

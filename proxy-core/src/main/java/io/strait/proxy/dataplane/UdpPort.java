package io.strait.proxy.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.uring.IoUringChannelOption;
import io.strait.nat.Flow;
import io.strait.nat.FlowKey;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * One socket of a UDP frontend, on one event loop, and per client address a {@link UdpFlow} with
 * its own connected socket to the chosen endpoint (like conntrack or nginx's stream module), so
 * replies return to the right client from the frontend address. The flows are entries of the
 * dataplane's flow table, which alone decides idle expiry; the map here is a cache confined to this
 * socket's event loop (the backend sockets are registered on that same loop).
 */
final class UdpPort {
    private static final int RECEIVE_BUFFER = 64 * 1024;
    /**
     * Every datagram is received into a 64 KiB buffer (anything smaller could truncate one). The
     * default adaptive allocator does not pool buffers that large: it allocated and zeroed a fresh
     * direct buffer per datagram, half the proxy's CPU in a JFR profile. The pooled allocator
     * recycles them.
     */
    private static final PooledByteBufAllocator BUFFERS = PooledByteBufAllocator.DEFAULT;

    private final UdpFrontend owner;
    private final DataplaneConfig config;
    private final Flows flows;
    private final Channel channel;
    private final Map<InetSocketAddress, UdpFlow> byClient = new HashMap<>();

    UdpPort(UdpFrontend owner, EventLoop loop, DataplaneConfig config, Flows flows, boolean reusePort) {
        this.owner = owner;
        this.config = config;
        this.flows = flows;
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(config.transport().datagramTransport().datagramChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .option(ChannelOption.ALLOCATOR, BUFFERS)
                .handler(new ClientPackets());
        if (reusePort) {
            if (config.transport().datagramTransport() == Transport.EPOLL) {
                b.option(EpollChannelOption.SO_REUSEPORT, true);
            } else {
                b.option(IoUringChannelOption.SO_REUSEPORT, true);
            }
        }
        this.channel = Listeners.awaitBind(b.bind(owner.frontend().address()), owner.frontend());
    }

    void routeChanged(Route route) {
        channel.eventLoop().execute(() -> byClient.values().removeIf(f -> {
            if (!route.contains(f.endpoint)) {
                f.close();
                return true;
            }
            return false;
        }));
    }

    void close() {
        channel.close().awaitUninterruptibly(5_000);
        channel.eventLoop().execute(() -> {
            byClient.values().forEach(UdpFlow::close);
            byClient.clear();
        });
    }

    int flowCount() {
        return channel.eventLoop().submit(byClient::size).syncUninterruptibly().getNow();
    }

    /** Forgets this flow if it is still the client's (on the event loop). */
    void forget(UdpFlow flow) {
        byClient.remove(flow.client, flow);
        flow.close();
    }

    private void onClientDatagram(DatagramPacket packet) {
        InetSocketAddress client = packet.sender();
        Route r = owner.route();
        if (SourceRangeCheck.drop(r, client)) {
            return;
        }
        UdpFlow flow = byClient.get(client);
        if (flow != null && (!flow.isOpen() || !r.contains(flow.endpoint))) {
            byClient.remove(client);
            flow.close();
            flow = null;
        }
        if (flow == null) {
            flow = open(client, r);
            if (flow == null) {
                r.stats.udpDatagramsDropped.increment();
                return;
            }
        }
        flow.touch();
        int n = packet.content().readableBytes();
        r.stats.bytesFromClients.add(n);
        flow.send(packet.content().retain(), n);
    }

    private UdpFlow open(InetSocketAddress client, Route r) {
        InetSocketAddress endpoint = r.choose(client, null, flows.health);
        if (endpoint == null) {
            r.stats.refusedNoEndpoint.increment();
            return null;
        }
        if (!flows.reserveUdpFlow()) {
            r.stats.udpFlowsRefusedLimit.increment();
            return null;
        }
        UdpFlow flow = new UdpFlow(this, client, endpoint, r.stats);
        Flow<InetSocketAddress> entry = flows.insert(
                new FlowKey(io.strait.nat.Protocol.UDP, client, owner.frontend().address()), endpoint, flow,
                flows.udpIdleNanos);
        if (entry == null) {
            flows.releaseUdpFlow();
            r.stats.refusedTableFull.increment();
            return null;
        }
        flow.entry = entry;
        byClient.put(client, flow);
        r.stats.udpFlowsCreated.increment();
        r.stats.accepted.increment();
        r.stats.udpFlowsActive.increment();
        ChannelFuture f = new Bootstrap()
                .group(channel.eventLoop())
                .channel(config.transport().datagramTransport().datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 1024 * 1024)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .option(ChannelOption.ALLOCATOR, BUFFERS)
                .handler(new BackendPackets(flow))
                .connect(endpoint);
        flow.attach(f);
        return flow;
    }

    RateLimitedLog problems() {
        return flows.problems;
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** A flow closed: out of the table and the UDP count. */
    void removeEntry(Flow<InetSocketAddress> entry) {
        flows.remove(entry);
        flows.releaseUdpFlow();
    }

    private final class ClientPackets extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            onClientDatagram(packet);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP errors surface here on some transports; a UDP frontend keeps serving, whatever failed
            if (!(cause instanceof java.net.PortUnreachableException)) {
                flows.problems.warn("udp frontend " + owner.frontend(), "UDP frontend " + owner.frontend()
                        + " failed on a datagram: " + TcpRelayHandlers.causes(cause));
            }
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
            int n = content.readableBytes();
            flow.replied(n);
            if (!channel.isWritable()) { // the frontend socket's buffer and the write queue are full
                flow.stats.udpDatagramsDropped.increment();
                return;
            }
            channel.writeAndFlush(new DatagramPacket(content.retain(), flow.client), channel.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable from the endpoint: forget the flow so the next datagram re-picks.
            forget(flow);
        }
    }
}

package io.strait.allocator.speaker;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.strait.allocator.bgp.Advertisement;
import io.strait.allocator.bgp.BgpSession;
import io.strait.allocator.config.BgpPeer;
import io.strait.allocator.l2.L2Protocol;
import io.strait.allocator.l2.L2Responder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The real speakers: {@link L2Responder}s (ARP or NDP) on AF_PACKET sockets and {@link BgpSession}s
 * on one event loop (epoll when available, so BGPPeer {@code password} (TCP MD5) works; NIO otherwise).
 */
final class KernelSpeakers implements Speakers {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("strait-garp").factory());
    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            Thread.ofPlatform().daemon().name("strait-bgp").factory(),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());

    @Override
    public L2 l2(String interfaceName, L2Protocol protocol) throws IOException {
        L2Responder responder = L2Responder.open(interfaceName, protocol, scheduler);
        if (protocol == L2Protocol.ARP) {
            KernelArp.warnIfKernelAnswers(interfaceName);
        }
        return new L2() {
            @Override
            public void announce(Set<InetAddress> addresses) {
                responder.announce(addresses);
            }

            @Override
            public void close() {
                responder.close();
            }
        };
    }

    @Override
    public Bgp bgp(BgpPeer peer, String nodeName) {
        Class<? extends SocketChannel> channel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        BgpSession session = new BgpSession(group, channel, BgpSession.Settings.of(peer, nodeName));
        session.start();
        return new Bgp() {
            @Override
            public void set(Collection<Advertisement> advertisements) {
                session.set(advertisements);
            }

            @Override
            public boolean up() {
                return session.state() == BgpSession.State.ESTABLISHED;
            }

            @Override
            public long updatesSent() {
                return session.updatesSent();
            }

            @Override
            public int prefixesAnnounced() {
                return session.prefixesAnnounced();
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    @Override
    public List<String> defaultInterfaces() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(KernelSpeakers::usable).map(NetworkInterface::getName)
                .sorted().toList();
    }

    private static boolean usable(NetworkInterface itf) {
        try {
            return itf.isUp() && !itf.isLoopback() && !itf.isVirtual() && itf.getHardwareAddress() != null;
        } catch (SocketException e) {
            return false;
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        scheduler.shutdownNow();
    }
}

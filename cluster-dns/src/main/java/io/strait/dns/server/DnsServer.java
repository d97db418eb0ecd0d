package io.strait.dns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.strait.dns.metrics.DnsMetrics;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node-local DNS server: UDP and TCP on the same address and port. With epoll and several
 * threads, one UDP socket per thread shares the port (SO_REUSEPORT) so the kernel spreads queries;
 * otherwise one socket.
 * TCP connections idle for {@value #TCP_IDLE_SECONDS} s are closed and at most
 * {@value #MAX_TCP_CONNECTIONS} are open at once (RFC 7766 section 6.2).
 */
public final class DnsServer implements AutoCloseable {
    static final int TCP_IDLE_SECONDS = 10;
    static final int MAX_TCP_CONNECTIONS = 1024;

    private final EventLoopGroup group;
    private final List<Channel> channels;
    private final InetSocketAddress address;

    private DnsServer(EventLoopGroup group, List<Channel> channels, InetSocketAddress address) {
        this.group = group;
        this.channels = channels;
        this.address = address;
    }

    /**
     * How often a bind to a port the kernel picked (port 0) is tried again: the UDP port it picked
     * can be taken for TCP, by a connection's local port, on a busy machine.
     */
    private static final int BIND_ATTEMPTS = 20;

    /**
     * Binds UDP then TCP on the port UDP got. With port 0 an ephemeral port free for both is found
     * (a few attempts: TCP may hold the port UDP got). SO_REUSEPORT is set only for several threads,
     * and then the port must be given: Linux may hand a port-0 SO_REUSEPORT bind a port that
     * another process's SO_REUSEPORT socket holds, and the two would share its queries.
     */
    public static DnsServer start(InetSocketAddress bind, int threads, QueryEngine engine, DnsMetrics metrics)
            throws InterruptedException {
        if (threads > 1 && bind.getPort() == 0) {
            throw new IllegalArgumentException("--dns-bind-address: give a port when serving on several threads");
        }
        Transport transport = Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, transport.ioHandlerFactory());
        for (int attempt = 1; ; attempt++) {
            List<Channel> channels = new ArrayList<>();
            try {
                InetSocketAddress at = bindUdp(group, transport, bind, threads, engine, metrics, channels);
                channels.add(bindTcp(group, transport, at, engine, metrics));
                return new DnsServer(group, channels, at);
            } catch (Exception e) { // Netty's sync() rethrows the bind's IOException unchecked
                channels.forEach(c -> c.close().syncUninterruptibly());
                if (e instanceof InterruptedException || bind.getPort() != 0 || attempt == BIND_ATTEMPTS) {
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                    if (e instanceof InterruptedException ie) {
                        throw ie;
                    }
                    throw new IllegalStateException("DNS server: cannot listen on " + bind + " (UDP and TCP): "
                            + e.getMessage(), e);
                }
            }
        }
    }

    private static InetSocketAddress bindUdp(EventLoopGroup group, Transport transport, InetSocketAddress bind,
                                             int threads, QueryEngine engine, DnsMetrics metrics,
                                             List<Channel> channels) throws InterruptedException {
        boolean reusePort = transport == Transport.EPOLL && threads > 1;
        InetSocketAddress at = bind;
        for (int i = 0; i < (reusePort ? threads : 1); i++) {
            Bootstrap b = new Bootstrap().group(group).channel(transport.datagramChannel())
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(QueryEngine.MAX_UDP_QUERY + 1))
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .handler(new UdpQueryHandler(engine, metrics));
            if (reusePort) {
                b.option(EpollChannelOption.SO_REUSEPORT, true);
            }
            Channel udp = b.bind(at).sync().channel();
            channels.add(udp);
            at = (InetSocketAddress) udp.localAddress();
        }
        return at;
    }

    private static Channel bindTcp(EventLoopGroup group, Transport transport, InetSocketAddress at,
                                   QueryEngine engine, DnsMetrics metrics) throws InterruptedException {
        AtomicInteger open = new AtomicInteger();
        return new ServerBootstrap().group(group).channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true) // a restart binds its port while old connections sit in TIME_WAIT
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > MAX_TCP_CONNECTIONS) {
                            open.decrementAndGet();
                            metrics.dropped("tcp-connections");
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.pipeline().addLast(new ReadTimeoutHandler(TCP_IDLE_SECONDS, TimeUnit.SECONDS),
                                new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2),
                                new LengthFieldPrepender(2),
                                new TcpQueryHandler(engine, metrics));
                    }
                }).bind(at).sync().channel();
    }

    /** Where UDP and TCP listen. */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        channels.forEach(c -> c.close().syncUninterruptibly());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

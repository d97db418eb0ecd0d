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
 * The node-local DNS server: UDP and TCP on the same address and port. With epoll, one UDP socket
 * per thread shares the port (SO_REUSEPORT) so the kernel spreads queries; otherwise one socket.
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

    /** Binds UDP then TCP on the port UDP got (port 0: an ephemeral one); throws when either fails. */
    public static DnsServer start(InetSocketAddress bind, int threads, QueryEngine engine, DnsMetrics metrics)
            throws InterruptedException {
        Transport transport = Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, transport.ioHandlerFactory());
        List<Channel> channels = new ArrayList<>();
        try {
            int sockets = transport == Transport.EPOLL ? threads : 1;
            InetSocketAddress at = bind;
            for (int i = 0; i < sockets; i++) {
                Bootstrap b = new Bootstrap().group(group).channel(transport.datagramChannel())
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(QueryEngine.MAX_UDP_QUERY + 1))
                        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                        .handler(new UdpQueryHandler(engine, metrics));
                if (transport == Transport.EPOLL) {
                    b.option(EpollChannelOption.SO_REUSEPORT, true);
                }
                Channel udp = b.bind(at).sync().channel();
                channels.add(udp);
                at = (InetSocketAddress) udp.localAddress();
            }
            AtomicInteger open = new AtomicInteger();
            Channel tcp = new ServerBootstrap().group(group).channel(transport.serverChannel())
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
            channels.add(tcp);
            return new DnsServer(group, channels, at);
        } catch (RuntimeException | InterruptedException e) {
            channels.forEach(Channel::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
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

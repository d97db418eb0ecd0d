package io.strait.proxy.dataplane;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.strait.proxy.plan.Frontend;

/**
 * A TCP frontend: a listening socket whose accepted connections are relayed by {@link TcpRelay}
 * to an endpoint of the current route. The route is a volatile field read once per connection.
 * Closing only stops listening: established connections carry on, and drain only when their
 * Service is deleted ({@link Drains}).
 */
final class TcpFrontend implements Listener {
    /**
     * Pending outbound bytes per direction: reading the other side stops above the high mark and
     * resumes below the low one.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);
    /** Largest single read; with AUTO_READ off one read() is one socket read. */
    static final int MAX_READ = 256 * 1024;
    /**
     * Reads grow from 16 KiB up to {@link #MAX_READ} on bulk streams (fewer syscalls per byte).
     * The pooled allocator recycles those large buffers; the default adaptive one allocates and
     * zeroes a fresh direct buffer for anything over 64 KiB (seen in JFR on UDP).
     */
    static final AdaptiveRecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(2048, 16 * 1024, MAX_READ);
    static final PooledByteBufAllocator BUFFERS = PooledByteBufAllocator.DEFAULT;
    /** Splice mode: each read copies one small buffer, the rest of the socket's data is spliced. */
    static final RecvByteBufAllocator SPLICE_READS = new FixedRecvByteBufAllocator(SplicePipe.COPY_PART);

    /** The read sizes of relayed channels under this configuration. */
    static RecvByteBufAllocator reads(DataplaneConfig config) {
        return config.spliceActive() ? SPLICE_READS : READS;
    }

    /** How relayed channels count queued messages (splice regions by their bytes). */
    static MessageSizeEstimator sizes(DataplaneConfig config) {
        return config.spliceActive() ? SplicePipe.SIZES : DefaultMessageSizeEstimator.DEFAULT;
    }

    final DataplaneConfig config;
    final Flows flows;
    private final Frontend frontend;
    private final Channel channel;
    private volatile Route route;

    private TcpFrontend(Frontend frontend, Route route, EventLoopGroup group, DataplaneConfig config, Flows flows) {
        this.frontend = frontend;
        this.route = route;
        this.config = config;
        this.flows = flows;
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(config.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new AcceptErrors(this))
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, reads(config))
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, sizes(config))
                .childOption(ChannelOption.ALLOCATOR, BUFFERS)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new TcpRelayHandlers.ClientSide(TcpFrontend.this));
                    }
                })
                .bind(frontend.address());
        this.channel = Listeners.awaitBind(bound, frontend);
    }

    static TcpFrontend open(Frontend frontend, Route route, EventLoopGroup group, DataplaneConfig config, Flows flows) {
        return new TcpFrontend(frontend, route, group, config, flows);
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
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5_000);
    }
}

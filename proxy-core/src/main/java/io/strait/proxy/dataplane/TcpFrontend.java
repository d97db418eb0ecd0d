package io.strait.proxy.dataplane;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.strait.proxy.plan.Frontend;

/**
 * A TCP frontend: a listening socket whose accepted connections are relayed by {@link TcpRelay}
 * to an endpoint of the current route. The route is a volatile field read once per connection.
 */
final class TcpFrontend implements Listener {
    private final Frontend frontend;
    private final Channel channel;
    private volatile Route route;

    private TcpFrontend(Frontend frontend, Route route, EventLoopGroup group, DataplaneConfig config) {
        this.frontend = frontend;
        this.route = route;
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(config.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(TcpRelay.clientHandler(() -> TcpFrontend.this.route, config));
                    }
                })
                .bind(frontend.address());
        this.channel = Listeners.awaitBind(bound, frontend);
    }

    static TcpFrontend open(Frontend frontend, Route route, EventLoopGroup group, DataplaneConfig config) {
        return new TcpFrontend(frontend, route, group, config);
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

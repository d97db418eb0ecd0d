package io.strait.ingress.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.FastThreadLocal;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.route.Router;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One listener of the router (HTTP/1.1 and HTTP/2, plain or TLS). It reads the table from {@code tables} once per request
 * (give it {@code RouteSink::table}) and routes on the entry point {@code entry} selects (the
 * Ingress router, or a Gateway listener port's). Start and close on a control thread.
 */
public final class IngressServer implements AutoCloseable {
    private final RouterConfig config;
    private final Transport transport;
    private final Supplier<RouteTable> tables;
    private final Function<RouteTable, Router> entry;
    private final String scheme;
    private final FastThreadLocal<BackendPool> pools;
    private volatile RouteMetrics metrics = RouteMetrics.NONE;
    private Channel server;
    private int port;

    private IngressServer(RouterConfig config, Transport transport, Supplier<RouteTable> tables,
                          Function<RouteTable, Router> entry, String scheme) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.entry = Objects.requireNonNull(entry, "entry");
        this.scheme = scheme;
        this.pools = new FastThreadLocal<>() {
            @Override
            protected BackendPool initialValue() {
                return new BackendPool(config.maxIdlePerEndpoint());
            }
        };
    }

    /**
     * Binds a plain-text listener (blocks until bound): HTTP/1.1, or HTTP/2 when the client opens with
     * the HTTP/2 preface (h2c by prior knowledge).
     *
     * @param group an event loop group of {@code transport}; backends connect on the client's loop
     */
    public static IngressServer startHttp(InetSocketAddress bind, RouterConfig config, EventLoopGroup group,
                                          Transport transport, Supplier<RouteTable> tables,
                                          Function<RouteTable, Router> entry) throws InterruptedException {
        IngressServer s = new IngressServer(config, transport, tables, entry, "http");
        s.bind(bind, group, ch -> ch.pipeline().addLast(new PrefaceDetector(s)));
        return s;
    }

    /**
     * Binds a TLS listener: the certificate is chosen by SNI among the table's TLS bindings of
     * {@code tlsPort} (0: the Ingress bindings; else a Gateway HTTPS listener port), re-read for
     * each new table; ALPN offers h2 and http/1.1.
     */
    public static IngressServer startHttps(InetSocketAddress bind, RouterConfig config, EventLoopGroup group,
                                           Transport transport, Supplier<RouteTable> tables,
                                           Function<RouteTable, Router> entry, int tlsPort) throws InterruptedException {
        IngressServer s = new IngressServer(config, transport, tables, entry, "https");
        SniCertificates certificates = new SniCertificates(tables, tlsPort);
        s.bind(bind, group, ch -> ch.pipeline().addLast(new SniHandler(certificates), new AlpnHandler(s)));
        return s;
    }

    private void bind(InetSocketAddress address, EventLoopGroup group, Consumer<Channel> init) throws InterruptedException {
        ChannelFuture f = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        init.accept(ch);
                    }
                }).bind(address).sync();
        server = f.channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    HttpDecoderConfig decoderConfig() {
        return new HttpDecoderConfig().setMaxInitialLineLength(config.maxInitialLine())
                .setMaxHeaderSize(config.maxHeaderBytes());
    }

    /** A new backend connection on the client's event loop. */
    ChannelFuture connect(Channel frontend, InetSocketAddress endpoint) {
        BackendPool pool = pool();
        return new Bootstrap().group(frontend.eventLoop()).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(0, 0, config.backendIdleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                                new HttpClientCodec(),
                                new BackendHandler(endpoint, pool));
                    }
                }).connect(endpoint);
    }

    BackendPool pool() {
        return pools.get();
    }

    RouteTable table() {
        return tables.get();
    }

    Router router(RouteTable table) {
        return entry.apply(table);
    }

    /** Where per-route request measures go (default: nowhere). */
    public void setMetrics(RouteMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    RouteMetrics metrics() {
        return metrics;
    }

    RouterConfig config() {
        return config;
    }

    String scheme() {
        return scheme;
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.close().sync();
        }
    }
}

package io.strait.nodeport.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One HTTP/1.1 listener on the shared event loop: bounded request line (4 KiB), headers (8 KiB)
 * and body (4 KiB), a deadline for each request, at most {@link #MAX_CONNECTIONS} connections
 * (a new one closes the oldest, so a crowd of idle clients cannot lock probes out), exact paths.
 */
public final class HttpServer {
    static final int MAX_CONNECTIONS = 256;
    static final int MAX_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 4096;

    private final Map<String, HttpRoute> routes = new ConcurrentHashMap<>();
    private volatile HttpRoute fallback;
    private final LinkedHashSet<Channel> open = new LinkedHashSet<>(); // event loop thread only
    private final Channel server;

    /**
     * Binds address (throws UncheckedIOException naming what and where when it cannot).
     *
     * @param group    the event loop; use one thread: the connection bookkeeping relies on it
     * @param worker   where non-inline routes run (a bounded executor: a full one answers 503)
     * @param deadline how long a connection may take to deliver a whole request
     */
    public HttpServer(String name, InetSocketAddress address, EventLoopGroup group, Executor worker, Duration deadline) {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 128)
                .handler(new AcceptErrors(name))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        track(ch);
                        ch.pipeline().addLast(new HttpServerCodec(MAX_LINE, MAX_HEADERS, 8192))
                                .addLast(new HttpObjectAggregator(MAX_BODY))
                                .addLast(new RequestDeadline(deadline))
                                .addLast(new RequestHandler(routes, () -> fallback, worker));
                    }
                });
        io.netty.channel.ChannelFuture bound = b.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable e = bound.cause();
            throw new UncheckedIOException("cannot open the " + name + " address " + address + ": " + e.getMessage(),
                    e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
        server = bound.channel();
    }

    /** Answers exactly this path (the query aside). */
    public void route(String path, HttpRoute route) {
        routes.put(path, route);
    }

    /** Answers every path no {@link #route} matches (else 404). */
    public void fallback(HttpRoute route) {
        this.fallback = route;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Closes the listener and every connection; does nothing once the event loop is shut down. */
    public void close() {
        if (server.eventLoop().isShuttingDown()) {
            return; // the loop closes its channels itself
        }
        server.close().awaitUninterruptibly();
        try {
            server.eventLoop().execute(() -> new java.util.ArrayList<>(open).forEach(Channel::close));
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            // shut down meanwhile: its channels close with it
        }
    }

    private void track(Channel ch) {
        open.add(ch);
        ch.closeFuture().addListener(f -> open.remove(ch));
        if (open.size() > MAX_CONNECTIONS) {
            open.iterator().next().close();
        }
    }

    /**
     * Out of descriptors, accept fails: accepting pauses for a second (as Netty's acceptor would,
     * so the loop does not spin) and the error is logged once a minute at most.
     */
    private static final class AcceptErrors extends io.netty.channel.ChannelInboundHandlerAdapter {
        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HttpServer.class);
        private final String name;
        private long lastLogged = System.nanoTime() - java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        private int suppressed;

        AcceptErrors(String name) {
            this.name = name;
        }

        @Override
        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
            var config = ctx.channel().config();
            if (config.isAutoRead()) {
                config.setAutoRead(false);
                ctx.channel().eventLoop().schedule(() -> config.setAutoRead(true), 1, java.util.concurrent.TimeUnit.SECONDS);
            }
            long now = System.nanoTime();
            if (now - lastLogged >= java.util.concurrent.TimeUnit.MINUTES.toNanos(1)) {
                log.warn("{} address: cannot accept a connection: {}{}", name, cause.toString(),
                        suppressed == 0 ? "" : " (and " + suppressed + " more times since the last report)");
                lastLogged = now;
                suppressed = 0;
            } else {
                suppressed++;
            }
        }
    }
}

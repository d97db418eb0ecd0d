package io.strait.proxy.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied TCP connection: the accepted client channel and the backend channel it was joined
 * to. Both channels live on the client's event loop, so this object's fields need no volatile.
 *
 * <p>Flow control follows Netty's HexDumpProxy: AUTO_READ is off on both sides and a side is read
 * again only once what it sent was written to the other (a slow reader stalls its writer; at most
 * one buffer per direction is in flight). Half-close is propagated: when one side shuts its output
 * the other side's output is shut after pending writes, and the pair closes once both directions
 * ended. A failed connect tries the next endpoint (bounded by the route's size and
 * {@code maxConnectAttempts}); when none is left the client gets a RST.
 */
final class TcpRelay {
    private static final Logger log = LoggerFactory.getLogger(TcpRelay.class);

    private final Channel client;
    private final Route route;
    private final DataplaneConfig config;
    private Channel backend;
    private boolean clientInputDone;
    private boolean backendInputDone;
    private boolean closed;

    private TcpRelay(Channel client, Route route, DataplaneConfig config) {
        this.client = client;
        this.route = route;
        this.config = config;
    }

    /** The handler installed on every accepted client channel of a frontend. */
    static ChannelInboundHandlerAdapter clientHandler(Supplier<Route> route, DataplaneConfig config) {
        return new ClientSide(route, config);
    }

    private void connect(int attempt) {
        if (attempt == 0 && SourceRangeCheck.refuse(route, client)) return;
        InetSocketAddress endpoint = route.pick((InetSocketAddress) client.remoteAddress(), attempt);
        if (endpoint == null) {
            if (attempt == 0) {
                route.stats.refusedNoEndpoint.increment();
            }
            reset(client);
            return;
        }
        Bootstrap b = new Bootstrap()
                .group(client.eventLoop())
                .channel(config.transport().socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
                .handler(new BackendSide());
        ChannelFuture f = b.connect(endpoint);
        backend = f.channel();
        f.addListener((ChannelFutureListener) done -> {
            if (closed || !client.isActive()) {
                done.channel().close();
                return;
            }
            if (done.isSuccess()) {
                route.stats.accepted.increment();
                route.stats.active.increment();
                ProxyHeader.write(route.spec.proxyProtocol(), client, backend);
                client.read();
                backend.read();
            } else {
                route.stats.connectFailures.increment();
                log.debug("connect to {} for {} failed: {}", endpoint, route.spec.service(), done.cause().toString());
                if (attempt + 1 < config.maxConnectAttempts()) {
                    connect(attempt + 1);
                } else {
                    reset(client);
                }
            }
        });
    }

    private void relay(Channel from, Channel to, Object msg) {
        if (msg instanceof ByteBuf buf) {
            if (from == client) {
                route.stats.bytesFromClients.add(buf.readableBytes());
            } else {
                route.stats.bytesToClients.add(buf.readableBytes());
            }
        }
        to.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                from.read();
            } else {
                closeBoth();
            }
        });
    }

    /** One side finished sending: finish the other side's output once pending writes are out. */
    private void inputShutdown(Channel side) {
        Channel other = side == client ? backend : client;
        if (side == client) {
            clientInputDone = true;
        } else {
            backendInputDone = true;
        }
        if (clientInputDone && backendInputDone) {
            other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> closeBoth());
            return;
        }
        other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && other instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                closeBoth();
            }
        });
    }

    private void closeBoth() {
        if (closed) {
            return;
        }
        closed = true;
        if (backend != null && backend.isActive()) {
            route.stats.active.decrement();
        }
        flushAndClose(client);
        if (backend != null) {
            flushAndClose(backend);
        }
    }

    private static void flushAndClose(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }

    /** Closes with SO_LINGER 0, so the peer sees a RST at once (kube-proxy's "reject"). */
    static void reset(Channel ch) {
        try {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException ignored) {
            // already closed
        }
        ch.close();
    }

    private static final class ClientSide extends ChannelInboundHandlerAdapter {
        private final Supplier<Route> route;
        private final DataplaneConfig config;
        private TcpRelay relay;

        ClientSide(Supplier<Route> route, DataplaneConfig config) {
            this.route = route;
            this.config = config;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            relay = new TcpRelay(ctx.channel(), route.get(), config);
            relay.connect(0);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (relay == null || relay.backend == null || !relay.backend.isActive()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            relay.relay(ctx.channel(), relay.backend, msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && relay != null && relay.backend != null) {
                relay.inputShutdown(ctx.channel());
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (relay != null) {
                relay.closeBoth();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("client connection {} failed: {}", ctx.channel(), cause.toString());
            if (relay != null) {
                relay.closeBoth();
            } else {
                ctx.close();
            }
        }
    }

    private final class BackendSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            relay(ctx.channel(), client, msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && ctx.channel() == backend) {
                inputShutdown(ctx.channel());
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == backend) {
                closeBoth();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("backend connection {} failed: {}", ctx.channel(), cause.toString());
            if (ctx.channel() == backend) {
                closeBoth();
            } else {
                ctx.close();
            }
        }
    }
}

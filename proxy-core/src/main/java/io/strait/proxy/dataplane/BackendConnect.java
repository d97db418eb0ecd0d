package io.strait.proxy.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a {@link TcpRelay} to an endpoint, asynchronously on the client's event loop. A failed
 * connect is counted, reported to passive health ({@link EndpointHealth}) and retried on the next
 * endpoint of {@link Route#choose}'s deterministic walk, up to {@code maxConnectAttempts}
 * endpoints; when none is left the client gets a RST. Confined to the client's event loop.
 */
final class BackendConnect {
    private static final Logger log = LoggerFactory.getLogger(BackendConnect.class);

    private final TcpRelay relay;
    private final InetSocketAddress clientAddress;
    private List<InetSocketAddress> tried;

    BackendConnect(TcpRelay relay, InetSocketAddress clientAddress) {
        this.relay = relay;
        this.clientAddress = clientAddress;
    }

    void attempt() {
        Route route = relay.route();
        Flows flows = relay.frontend.flows;
        Channel client = relay.client;
        InetSocketAddress endpoint = route.choose(clientAddress, tried, flows.health);
        if (endpoint == null) {
            if (tried == null) {
                route.stats.refusedNoEndpoint.increment();
            }
            TcpRelay.reset(client);
            return;
        }
        DataplaneConfig config = relay.frontend.config;
        long started = System.nanoTime();
        ChannelFuture f = new Bootstrap()
                .group(client.eventLoop())
                .channel(config.transport().socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, TcpFrontend.WATER_MARK)
                .option(ChannelOption.RCVBUF_ALLOCATOR, TcpFrontend.reads(config))
                .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, TcpFrontend.sizes(config))
                .option(ChannelOption.ALLOCATOR, TcpFrontend.BUFFERS)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
                .handler(new TcpRelayHandlers.BackendSide(relay))
                .connect(endpoint);
        relay.connecting(f.channel());
        f.addListener((ChannelFutureListener) done -> {
            if (relay.closed() || !client.isActive()) {
                done.channel().close();
                return;
            }
            if (done.isSuccess()) {
                route.stats.latency.connectLatency(System.nanoTime() - started);
                flows.health.succeeded(endpoint);
                relay.joined(clientAddress, endpoint);
                return;
            }
            failed(route, flows, endpoint, done.cause());
            if (tried.size() < config.maxConnectAttempts()) {
                attempt();
            } else {
                TcpRelay.reset(client);
            }
        });
    }

    private void failed(Route route, Flows flows, InetSocketAddress endpoint, Throwable cause) {
        route.stats.connectFailures.increment();
        if (flows.health.failed(endpoint)) {
            route.stats.endpointsBackedOff.increment();
            log.info("endpoint {} of {} skipped for a while: its connects keep failing ({})",
                    endpoint, route.spec.service(), cause.toString());
        }
        log.debug("connect to {} for {} failed: {}", endpoint, route.spec.service(), cause.toString());
        if (tried == null) {
            tried = new ArrayList<>(relay.frontend.config.maxConnectAttempts());
        }
        tried.add(endpoint);
    }
}

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
            if (!client.eventLoop().inEventLoop()) { // a channel that could not be created fails on Netty's global executor
                client.eventLoop().execute(() -> completed(done, route, flows, endpoint, started));
            } else {
                completed(done, route, flows, endpoint, started);
            }
        });
    }

    /** The connect attempt ended (on the client's event loop). */
    private void completed(ChannelFuture done, Route route, Flows flows, InetSocketAddress endpoint, long started) {
        Channel client = relay.client;
        DataplaneConfig config = relay.frontend.config;
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
        if (FdExhaustion.is(done.cause())) {
            // the proxy's own shortage, not the endpoint's: refuse this connection, blame no one
            route.stats.refusedNoDescriptors.increment();
            flows.problems.warn("connect fd", "connecting to " + endpoint + " for " + route.spec.service()
                    + " failed: " + TcpRelayHandlers.causes(done.cause()) + "; the proxy is out of file"
                    + " descriptors: the connection is refused (reset), the endpoint is not blamed");
            TcpRelay.reset(client);
            return;
        }
        failed(route, flows, endpoint, done.cause());
        if (tried.size() < config.maxConnectAttempts()) {
            attempt();
        } else {
            TcpRelay.reset(client);
        }
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

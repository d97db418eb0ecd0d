package io.strait.nodeport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.strait.nodeport.http.HttpRoute;
import io.strait.nodeport.http.HttpServer;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health-check node port servers: one HTTP server per desired port, on each NodePort address.
 * {@link #sync} takes the whole desired map and changes only the difference (a port no longer
 * wanted closes, a new one opens, a changed count is a volatile swap the handler reads). A port
 * that cannot be bound is reported naming the Service, address and OS error, and retried on the
 * next sync. {@code sync} and {@code close} are called from one control thread (synchronized);
 * requests are answered on one Netty event loop (as kube-proxy, any path and any method), so
 * clients that never finish their requests cannot hold the answers back.
 */
public final class HealthCheckServers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthCheckServers.class);

    /** How long a connection may take to deliver a whole request. */
    static final java.time.Duration REQUEST_DEADLINE = java.time.Duration.ofSeconds(10);

    private final BooleanSupplier proxyHealthy;
    private final EventLoopGroup group;
    private final Map<Integer, Port> ports = new HashMap<>();
    private List<InetAddress> addresses = List.of();

    /** @param proxyHealthy kube-proxy's {@code serviceProxyHealthy} (the proxy's own /healthz verdict) */
    public HealthCheckServers(BooleanSupplier proxyHealthy) {
        this.proxyHealthy = proxyHealthy;
        this.group = new MultiThreadIoEventLoopGroup(1, (java.util.concurrent.ThreadFactory) r -> {
            Thread t = new Thread(r, "strait-health-check-node-port");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
    }

    /** One port's servers (one per address) and the value they report. */
    private static final class Port {
        final List<HttpServer> servers = new ArrayList<>();
        volatile ServiceHealth health;

        Port(ServiceHealth health) {
            this.health = health;
        }
    }

    /**
     * Makes the running servers match desired on these addresses (empty: every address).
     * Returns the problems: ports that could not be opened.
     */
    public synchronized List<String> sync(List<InetAddress> nodeAddresses, Map<Integer, ServiceHealth> desired) {
        if (!nodeAddresses.equals(addresses)) {
            ports.keySet().forEach(p -> log.info("health-check node port {}: node addresses changed, reopening", p));
            new ArrayList<>(ports.keySet()).forEach(this::closePort);
            addresses = List.copyOf(nodeAddresses);
        }
        for (Integer port : new ArrayList<>(ports.keySet())) {
            ServiceHealth want = desired.get(port);
            if (want == null || !want.service().equals(ports.get(port).health.service())) {
                closePort(port);
            }
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Integer, ServiceHealth> e : desired.entrySet()) {
            Port running = ports.get(e.getKey());
            if (running != null) {
                running.health = e.getValue();
                continue;
            }
            String failure = open(e.getKey(), e.getValue());
            if (failure != null) {
                problems.add(failure);
            }
        }
        return problems;
    }

    private String open(int port, ServiceHealth health) {
        Port p = new Port(health);
        List<InetSocketAddress> binds = addresses.isEmpty() ? List.of(new InetSocketAddress(port))
                : addresses.stream().map(a -> new InetSocketAddress(a, port)).toList();
        for (InetSocketAddress bind : binds) {
            try {
                HttpServer server = new HttpServer("health-check node port", bind, group, Runnable::run,
                        REQUEST_DEADLINE);
                server.fallback(new HttpRoute(true, true, req -> answer(p)));
                p.servers.add(server);
            } catch (UncheckedIOException e) {
                p.servers.forEach(HttpServer::close);
                return "Service " + health.service() + ": spec.healthCheckNodePort: cannot listen on "
                        + hostPort(bind) + ": " + e.getCause().getMessage() + " (another process holds the port?)";
            }
        }
        ports.put(port, p);
        log.info("health-check node port {} open for Service {} ({} local endpoints)", port, health.service(),
                health.localEndpoints());
        return null;
    }

    private HttpRoute.Answer answer(Port port) {
        HealthCheckResponse r = HealthCheckResponse.of(port.health, proxyHealthy.getAsBoolean());
        return new HttpRoute.Answer(r.status(), "application/json", r.body(),
                Map.of(HealthCheckResponse.WEIGHT_HEADER, Integer.toString(r.weight())));
    }

    private void closePort(int port) {
        Port p = ports.remove(port);
        if (p != null) {
            p.servers.forEach(HttpServer::close);
            log.info("health-check node port {} closed (Service {})", port, p.health.service());
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The ports open now. */
    public synchronized Set<Integer> open() {
        return new TreeSet<>(ports.keySet());
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(ports.keySet()).forEach(this::closePort);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

package io.strait.nodeport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health-check node port servers: one HTTP server per desired port, on each NodePort address.
 * {@link #sync} takes the whole desired map and changes only the difference (a port no longer
 * wanted closes, a new one opens, a changed count is a volatile swap the handler reads). A port
 * that cannot be bound is reported naming the Service, address and OS error, and retried on the
 * next sync. {@code sync} and {@code close} are called from one control thread (synchronized);
 * requests are answered on a small shared executor.
 */
public final class HealthCheckServers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthCheckServers.class);

    private final BooleanSupplier proxyHealthy;
    private final ExecutorService executor;
    private final Map<Integer, Port> ports = new HashMap<>();
    private List<InetAddress> addresses = List.of();

    /** @param proxyHealthy kube-proxy's {@code serviceProxyHealthy} (the proxy's own /healthz verdict) */
    public HealthCheckServers(BooleanSupplier proxyHealthy) {
        this.proxyHealthy = proxyHealthy;
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "strait-health-check-node-port");
            t.setDaemon(true);
            return t;
        });
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
                HttpServer server = HttpServer.create(bind, 64);
                server.createContext("/", exchange -> answer(exchange, p));
                server.setExecutor(executor);
                server.start();
                p.servers.add(server);
            } catch (IOException e) {
                p.servers.forEach(s -> s.stop(0));
                return "Service " + health.service() + ": spec.healthCheckNodePort: cannot listen on "
                        + hostPort(bind) + ": " + e.getMessage() + " (another process holds the port?)";
            }
        }
        ports.put(port, p);
        log.info("health-check node port {} open for Service {} ({} local endpoints)", port, health.service(),
                health.localEndpoints());
        return null;
    }

    private void answer(HttpExchange exchange, Port port) throws IOException {
        try (exchange) {
            HealthCheckResponse r = HealthCheckResponse.of(port.health, proxyHealthy.getAsBoolean());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set(HealthCheckResponse.WEIGHT_HEADER, Integer.toString(r.weight()));
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(r.status(), head ? -1 : r.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }
    }

    private void closePort(int port) {
        Port p = ports.remove(port);
        if (p != null) {
            p.servers.forEach(s -> s.stop(0));
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
        executor.shutdownNow();
    }
}

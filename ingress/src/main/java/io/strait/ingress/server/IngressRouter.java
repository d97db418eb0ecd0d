package io.strait.ingress.server;

import io.netty.channel.EventLoopGroup;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.compile.RouteSink;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.route.TlsBinding;
import io.strait.proxy.dataplane.Transport;
import io.strait.proxy.model.ClusterState;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router as one sink: {@link #update} takes the whole desired state (route objects and the
 * ClusterState), publishes the new table and then reconciles the Gateway listener ports with it
 * (one server per port, HTTPS when the port has TLS bindings, bound on {@code gatewayHost});
 * the Ingress listeners are the fixed addresses given to {@link #listenIngress}. Call from one
 * control thread.
 */
public final class IngressRouter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngressRouter.class);

    private final RouterConfig config;
    private final EventLoopGroup group;
    private final Transport transport;
    private final String gatewayHost;
    private final RouteSink sink = new RouteSink();
    private final Map<Integer, Listening> gatewayServers = new HashMap<>();
    private final Map<Integer, String> bindErrors = new TreeMap<>();
    private IngressServer ingressHttp;
    private IngressServer ingressHttps;
    private RouteMetrics metrics = RouteMetrics.NONE;

    private record Listening(boolean tls, IngressServer server) {}

    public IngressRouter(RouterConfig config, EventLoopGroup group, Transport transport, String gatewayHost) {
        this.config = Objects.requireNonNull(config, "config");
        this.group = Objects.requireNonNull(group, "group");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.gatewayHost = Objects.requireNonNull(gatewayHost, "gatewayHost");
    }

    /** Binds the Ingress listeners ({@code --ingress-http-address}, {@code --ingress-https-address}); null skips one. */
    public void listenIngress(InetSocketAddress http, InetSocketAddress https) throws InterruptedException {
        if (http != null) {
            ingressHttp = IngressServer.startHttp(http, config, group, transport, sink::table, RouteTable::ingress);
            ingressHttp.setMetrics(metrics);
        }
        if (https != null) {
            ingressHttps = IngressServer.startHttps(https, config, group, transport, sink::table, RouteTable::ingress, 0);
            ingressHttps.setMetrics(metrics);
        }
    }

    /** Builds and publishes the table, then binds or closes Gateway listener ports to match it. */
    public RouteTable update(RouteObjects objects, ClusterState state) throws InterruptedException {
        RouteTable table = sink.update(objects, state);
        Set<Integer> tlsPorts = table.tls().stream().map(TlsBinding::port).filter(p -> p != 0).collect(Collectors.toSet());
        for (var it = gatewayServers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!table.gatewayPorts().containsKey(e.getKey()) || e.getValue().tls() != tlsPorts.contains(e.getKey())) {
                e.getValue().server().close();
                it.remove();
            }
        }
        bindErrors.keySet().retainAll(table.gatewayPorts().keySet());
        for (int port : table.gatewayPorts().keySet()) {
            if (!gatewayServers.containsKey(port)) {
                bind(port, tlsPorts.contains(port));
            }
        }
        return table;
    }

    private void bind(int port, boolean tls) throws InterruptedException {
        InetSocketAddress address = new InetSocketAddress(gatewayHost, port);
        try {
            IngressServer s = tls
                    ? IngressServer.startHttps(address, config, group, transport, sink::table, t -> t.gatewayPort(port), port)
                    : IngressServer.startHttp(address, config, group, transport, sink::table, t -> t.gatewayPort(port));
            s.setMetrics(metrics);
            gatewayServers.put(port, new Listening(tls, s));
            bindErrors.remove(port);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String why = "cannot listen on " + address + " for a Gateway listener: " + e;
            if (!why.equals(bindErrors.put(port, why))) {
                log.warn(why);
            }
        }
    }

    /** The table now serving. */
    public RouteTable table() {
        return sink.table();
    }

    /** Gateway listener ports that could not be bound, with the reason (retried on every update). */
    public Map<Integer, String> bindErrors() {
        return Map.copyOf(bindErrors);
    }

    /** The bound port of a Gateway listener port's server (the same port), or -1 when not listening. */
    public int gatewayListening(int port) {
        Listening l = gatewayServers.get(port);
        return l == null ? -1 : l.server().port();
    }

    /** Where per-route measures go, for servers started after this call. */
    public void setMetrics(RouteMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The Ingress HTTP listener's port, or -1. */
    public int ingressHttpPort() {
        return ingressHttp == null ? -1 : ingressHttp.port();
    }

    /** The Ingress HTTPS listener's port, or -1. */
    public int ingressHttpsPort() {
        return ingressHttps == null ? -1 : ingressHttps.port();
    }

    @Override
    public void close() throws InterruptedException {
        for (Listening l : gatewayServers.values()) {
            l.server().close();
        }
        gatewayServers.clear();
        if (ingressHttp != null) {
            ingressHttp.close();
        }
        if (ingressHttps != null) {
            ingressHttps.close();
        }
    }
}

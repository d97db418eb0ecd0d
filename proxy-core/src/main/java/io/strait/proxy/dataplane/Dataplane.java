package io.strait.proxy.dataplane;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServicePortName;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.plan.Frontend;
import io.strait.proxy.plan.RouteSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running dataplane: Netty event loops and one listener per planned frontend.
 * {@link #apply} takes the whole desired plan and changes only the difference: listeners that are
 * no longer wanted close (their established TCP connections carry on), new ones open, and a
 * listener whose route changed gets the new route by a volatile swap, so its connections are
 * never cut. Established TCP connections end only when their Service is deleted: they drain for
 * {@code drainGracePeriod} after its last deletion, then are reset ({@link Drains}); a Service
 * that changed, or came back within the grace, keeps them. UDP flows live on their frontend's
 * socket, so they end when that frontend closes. Every proxied connection and UDP flow is an entry of one
 * flow table ({@link Flows}), which bounds them ({@code maxFlows}), expires idle ones and gives
 * least-connections its live counts. {@code apply} is called from one control thread at a time (it is synchronized);
 * the event loops read routes without locks.
 */
public final class Dataplane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dataplane.class);

    private final DataplaneConfig config;
    private final EventLoopGroup group;
    /** The loops of UDP frontends and flows: {@link #group}, or epoll loops under io_uring (opened on first use). */
    private EventLoopGroup udpGroup;
    private final int threads;
    private final Map<Frontend, Listener> listeners = new HashMap<>();
    private final Map<ServicePortName, PortStats> stats = new ConcurrentHashMap<>();
    private volatile ConnectionMetrics connectionMetrics = ConnectionMetrics.NONE;
    private final Flows flows;
    private final java.util.function.ToIntFunction<io.strait.lb.Endpoint> load;

    public Dataplane(DataplaneConfig config) {
        this.config = config;
        int threads = config.threads() == 0 ? Runtime.getRuntime().availableProcessors() : config.threads();
        this.threads = threads;
        this.group = new MultiThreadIoEventLoopGroup(threads, config.transport().ioHandlerFactory());
        this.flows = new Flows(config, group.next());
        this.load = e -> flows.table.activeFlows(e.address());
        log.info("dataplane transport: {} ({} event loops)", config.transport().wireName(), threads);
        String hazard = config.transport().relayHazard();
        if (hazard != null) {
            log.warn(hazard);
        }
        if (config.spliceActive()) {
            log.info("TCP relaying by splice(2) (epoll), copying only the first {} bytes of each read", SplicePipe.COPY_PART);
        } else if (config.splice()) {
            log.warn("--splice is not honoured: {}; relaying by copying", config.spliceInactiveReason());
        }
    }

    public DataplaneConfig config() {
        return config;
    }

    /**
     * Where per-connection latencies go from now on (Service ports already known keep theirs).
     * Set it before the first {@link #apply}.
     */
    public void setConnectionMetrics(ConnectionMetrics metrics) {
        this.connectionMetrics = java.util.Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Makes the running listeners match the plan. Returns the frontends that could not be opened
     * (each names the frontend, the Service port and the OS error); they are retried on the next
     * apply, and everything else in the plan is in effect.
     */
    public synchronized List<BindFailedException> apply(DataplanePlan plan) {
        Map<Frontend, RouteSpec> wanted = plan.routes();
        for (Frontend f : new ArrayList<>(listeners.keySet())) {
            if (!wanted.containsKey(f)) {
                listeners.remove(f).close();
                log.info("closed {}", f);
            }
        }
        List<BindFailedException> failures = new ArrayList<>();
        for (Map.Entry<Frontend, RouteSpec> e : wanted.entrySet()) {
            Frontend frontend = e.getKey();
            RouteSpec spec = e.getValue();
            PortStats portStats = stats.computeIfAbsent(spec.service(), k -> new PortStats(connectionMetrics.recorder(k)));
            Listener running = listeners.get(frontend);
            if (running != null) {
                if (running.route().spec != spec && !running.route().spec.equals(spec)) {
                    running.update(Route.build(spec, portStats, running.route(), load));
                }
                continue;
            }
            try {
                Route route = Route.build(spec, portStats, null, load);
                Listener l = frontend.protocol() == Protocol.UDP
                        ? UdpFrontend.open(frontend, route, udpGroup(), config, flows)
                        : TcpFrontend.open(frontend, route, group, config, flows);
                listeners.put(frontend, l);
                log.info("listening on {} for {} ({} endpoints)", frontend, spec.service(), spec.endpoints().size());
            } catch (BindFailedException ex) {
                failures.add(new BindFailedException(frontend, ex.reason() + " (for Service port " + spec.service() + ")"));
            }
        }
        flows.servicesNow(Drains.of(plan));
        Set<ServicePortName> live = new HashSet<>();
        wanted.values().forEach(r -> live.add(r.service()));
        // a port that left the plan keeps its figures while connections or flows through it remain
        // (a deleted Service's draining connections, a changed Service's established ones), and a
        // port that comes back finds them there
        stats.entrySet().removeIf(e -> !live.contains(e.getKey()) && !e.getValue().inUse());
        if (!flows.health.isEmpty()) { // forget back-offs of endpoints gone from every route
            Set<java.net.InetSocketAddress> endpoints = new HashSet<>();
            wanted.values().forEach(r -> r.endpoints().forEach(e -> endpoints.add(e.address())));
            flows.health.retain(endpoints);
        }
        return failures;
    }

    private EventLoopGroup udpGroup() {
        Transport udp = config.transport().datagramTransport();
        if (udp == config.transport()) {
            return group;
        }
        if (udpGroup == null) {
            udpGroup = new MultiThreadIoEventLoopGroup(threads, udp.ioHandlerFactory());
            log.info("UDP runs on {} event loops (a UDP flow costs ~400 KiB of memory on {} sockets, ~5 KiB on {})",
                    udp.wireName(), config.transport().wireName(), udp.wireName());
        }
        return udpGroup;
    }

    /** The frontends listening now. */
    public synchronized Set<Frontend> listening() {
        return Collections.unmodifiableSet(new TreeSet<>(listeners.keySet()));
    }

    /** Traffic counters per Service port in the current plan. */
    public Map<ServicePortName, PortStats> stats() {
        return Collections.unmodifiableMap(stats);
    }

    /** The flow table: every proxied TCP connection and UDP flow, read-only. */
    public FlowView flows() {
        return new FlowView(flows.table);
    }

    /**
     * Closes every listener and stops the event loops. Established connections are cut by a reset
     * (not a FIN, which a client would take for a complete response).
     */
    @Override
    public synchronized void close() {
        listeners.values().forEach(Listener::close);
        listeners.clear();
        flows.abortConnections();
        flows.close();
        if (udpGroup != null) {
            udpGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (udpGroup != null) {
            udpGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}

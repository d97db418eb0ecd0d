package io.strait.daemon.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.proxy.dataplane.Dataplane;
import io.strait.proxy.dataplane.PortStats;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServicePortName;
import io.strait.proxy.sync.SyncResult;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import java.util.function.IntSupplier;

/**
 * Strait's Prometheus metrics. Traffic counters are read from the dataplane's per-port
 * {@link PortStats} at scrape time (callbacks), so the connection path only bumps LongAdders.
 * Labels are bounded: namespace, service, port, protocol. A Service port carries only the series
 * its protocol can move (UDP ports no connect failures or TCP histograms, TCP ports no UDP flow
 * series); per-Service histograms only with {@code --metrics-per-service-histograms}. Thread-safe.
 */
public final class StraitMetrics {
    private static final String[] PORT_LABELS = {"namespace", "service", "port", "protocol"};
    private static final Set<Protocol> ALL = EnumSet.allOf(Protocol.class);
    private static final Set<Protocol> TCP = EnumSet.of(Protocol.TCP, Protocol.SCTP);
    private static final Set<Protocol> UDP = EnumSet.of(Protocol.UDP);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter healthzRequests = Counter.builder()
            .name("strait_proxy_healthz_total")
            .help("Answers of /healthz by status code (kube-proxy's proxy_healthz_total)")
            .labelNames("code")
            .register(registry);
    private final Counter livezRequests = Counter.builder()
            .name("strait_proxy_livez_total")
            .help("Answers of /livez by status code (kube-proxy's proxy_livez_total)")
            .labelNames("code")
            .register(registry);
    private final ControlPlaneMetrics controlPlane = new ControlPlaneMetrics(registry);
    private final ConnectionHistograms connections;

    /** Without per-Service histograms (the {@code --metrics-per-service-histograms} default). */
    public StraitMetrics(Dataplane dataplane, IntSupplier configProblems) {
        this(dataplane, configProblems, false);
    }

    /**
     * @param perServiceHistograms connection histograms per Service port (else per protocol for the node)
     */
    public StraitMetrics(Dataplane dataplane, IntSupplier configProblems, boolean perServiceHistograms) {
        JvmMetrics.builder().register(registry);
        var dc = dataplane.config();
        connections = new ConnectionHistograms(registry, PORT_LABELS, perServiceHistograms,
                HistogramBuckets.around(List.of(dc.udpIdleTimeout(), dc.tcpIdleTimeout(), dc.drainGracePeriod())));
        GaugeWithCallback.builder()
                .name("strait_config_problems")
                .help("Problems in the configuration last read (invalid objects, clashes, ports that could not be opened)")
                .callback(cb -> cb.call(configProblems.getAsInt()))
                .register(registry);
        Map<ServicePortName, PortStats> stats = dataplane.stats();
        counter("strait_connections_accepted", "TCP connections joined to an endpoint, and UDP flows created", stats, PortStats::accepted);
        counter("strait_connections_refused_no_endpoint", "Connections and datagrams refused because no endpoint was eligible", stats, PortStats::refusedNoEndpoint);
        counter("strait_backend_connect_failures", "Failed connection attempts to endpoints (each retry counts; TCP)", TCP, stats, PortStats::connectFailures);
        counter("strait_client_received_bytes", "Bytes received from clients", stats, PortStats::bytesFromClients);
        counter("strait_client_sent_bytes", "Bytes sent to clients", stats, PortStats::bytesToClients);
        counter("strait_udp_flows", "UDP flows created", UDP, stats, PortStats::udpFlowsCreated);
        counter("strait_connections_refused_table_full", "Connections reset and UDP flows dropped because the flow table was full (--max-flows)", stats, PortStats::refusedTableFull);
        counter("strait_endpoint_backoffs", "Times an endpoint was skipped for a back-off after consecutive connect failures (TCP)", TCP, stats, PortStats::endpointsBackedOff);
        counter("strait_connections_idle_timeouts", "TCP connections and UDP flows ended by their idle timeout", stats, PortStats::idleTimeouts);
        counter("strait_connections_drain_closed", "TCP connections closed when a deleted Service port's drain grace period ended", TCP, stats, PortStats::drainClosed);
        counter("strait_connections_refused_no_descriptors", "Failed accepts and connections or UDP flows refused because the proxy ran out of file descriptors (EMFILE/ENFILE)", stats, PortStats::refusedNoDescriptors);
        counter("strait_udp_datagrams_dropped", "UDP datagrams dropped by the proxy (no endpoint, flow table or UDP flow limit full, write buffer full)", UDP, stats, PortStats::udpDatagramsDropped);
        counter("strait_udp_flows_refused_limit", "New UDP flows dropped because the most UDP flows were open", UDP, stats, PortStats::udpFlowsRefusedLimit);
        gauge("strait_connections_active", "TCP connections open now", TCP, stats, PortStats::active);
        gauge("strait_udp_flows_active", "UDP flows open now", UDP, stats, PortStats::udpFlowsActive);
        registerFlowTable(dataplane);
    }

    /**
     * The flow table as a whole, what node_nf_conntrack_entries and _limit are for conntrack: alert
     * before entries reach the limit (--max-flows), after which new connections are refused.
     */
    private void registerFlowTable(Dataplane dataplane) {
        var flows = dataplane.flows();
        GaugeWithCallback.builder().name("strait_flow_table_entries")
                .help("Live TCP connections and UDP flows in the flow table")
                .callback(cb -> cb.call(flows.size())).register(registry);
        GaugeWithCallback.builder().name("strait_flow_table_entries_limit")
                .help("Most entries the flow table holds (--max-flows)")
                .callback(cb -> cb.call(flows.maxEntries())).register(registry);
        CounterWithCallback.builder().name("strait_flow_table_expired")
                .help("Flows removed by their idle timeout")
                .callback(cb -> cb.call(flows.stats().expired())).register(registry);
        CounterWithCallback.builder().name("strait_flow_table_refused_full")
                .help("New flows refused because the table was full")
                .callback(cb -> cb.call(flows.stats().refusedFull())).register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Records one sync (called on the sync thread). */
    public void onSync(SyncResult result) {
        controlPlane.onSync(result);
        connections.retain(result.plan().routes().values().stream().map(io.strait.proxy.plan.RouteSpec::service)
                .collect(java.util.stream.Collectors.toSet()));
    }

    // ---- Per-connection latency histograms (recorded by the dataplane) ----

    /**
     * The recorder of one Service port's connect latency, time to first byte and connection
     * duration. Resolve it once per route (not per connection) and call it from the event loop:
     * observations neither allocate nor lock. Ports that leave the plan lose their series at the
     * next sync; an observer kept past that records into nothing.
     */
    public ConnectionObserver connectionObserver(ServicePortName port) {
        return connections.observer(port);
    }

    /**
     * {@code strait_backend_connections_active}: live connections and UDP flows per endpoint of each
     * Service port in the plan, read from the flow table at scrape time (an endpoint shared by
     * several Service ports shows its total under each). Series go when the endpoint leaves the plan.
     * Behind {@code --metrics-per-backend}: one series per endpoint is unbounded in big clusters.
     */
    public void registerPerBackend(Dataplane dataplane, java.util.function.Supplier<io.strait.proxy.plan.DataplanePlan> plan) {
        GaugeWithCallback.builder()
                .name("strait_backend_connections_active")
                .help("Live connections and UDP flows to each endpoint (behind --metrics-per-backend)")
                .labelNames("namespace", "service", "port", "protocol", "endpoint")
                .callback(cb -> {
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    for (var route : plan.get().routes().values()) {
                        String[] l = labels(route.service());
                        for (var e : route.endpoints()) {
                            if (seen.add(route.service() + "|" + e.key())) {
                                cb.call(dataplane.flows().activeFlows(e.address()), l[0], l[1], l[2], l[3], e.key());
                            }
                        }
                    }
                })
                .register(registry);
    }

    // ---- Health and Kubernetes mode (kube-proxy's pkg/proxy/metrics meanings) ----

    /** Counts one /healthz or /livez answer; the code label is bounded (200 or 503). */
    public void onHealthRequest(String path, int code) {
        (path.equals("/livez") ? livezRequests : healthzRequests).labelValues(Integer.toString(code)).inc();
    }

    /** {@code strait_sync_proxy_rules_last_queued_timestamp_seconds}, read from the health tracker. */
    public void registerQueued(java.util.function.Supplier<java.time.Instant> lastQueued) {
        controlPlane.registerQueued(lastQueued);
    }

    /**
     * The change-tracker gauges ({@code strait_sync_proxy_rules_service_changes_pending},
     * {@code ..._endpoint_changes_pending}) and counters ({@code ..._service_changes_total},
     * {@code ..._endpoint_changes_total}).
     */
    public void registerChanges(IntSupplier servicesPending, IntSupplier endpointsPending,
                                java.util.function.LongSupplier serviceChanges,
                                java.util.function.LongSupplier endpointChanges) {
        controlPlane.registerChanges(servicesPending, endpointsPending, serviceChanges, endpointChanges);
    }

    /**
     * The recorder of {@code strait_network_programming_duration_seconds}: from a change's trigger
     * time (an EndpointSlice's last-change-trigger-time, a manifest file's modification time) to
     * the end of the sync that applied it.
     */
    public java.util.function.Consumer<java.time.Duration> programmingLatency() {
        return controlPlane.programmingLatency();
    }

    /** A per-port counter every protocol can move. */
    private void counter(String name, String help, Map<ServicePortName, PortStats> stats, ToLongFunction<PortStats> value) {
        counter(name, help, ALL, stats, value);
    }

    /** A per-port counter exported for the ports of these protocols only. */
    private void counter(String name, String help, Set<Protocol> protocols, Map<ServicePortName, PortStats> stats,
                         ToLongFunction<PortStats> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames(PORT_LABELS)
                .callback(cb -> each(stats, protocols, (p, s) -> cb.call(value.applyAsLong(s), labels(p))))
                .register(registry);
    }

    private void gauge(String name, String help, Set<Protocol> protocols, Map<ServicePortName, PortStats> stats,
                       ToLongFunction<PortStats> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(PORT_LABELS)
                .callback(cb -> each(stats, protocols, (p, s) -> cb.call(value.applyAsLong(s), labels(p))))
                .register(registry);
    }

    private static void each(Map<ServicePortName, PortStats> stats, Set<Protocol> protocols,
                             BiConsumer<ServicePortName, PortStats> f) {
        stats.forEach((p, s) -> {
            if (protocols.contains(p.protocol())) {
                f.accept(p, s);
            }
        });
    }

    static String[] labels(ServicePortName p) {
        return new String[] {p.service().namespace(), p.service().name(), p.port(), p.protocol().name()};
    }
}

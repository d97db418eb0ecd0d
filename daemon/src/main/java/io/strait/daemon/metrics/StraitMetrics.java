package io.strait.daemon.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.proxy.dataplane.Dataplane;
import io.strait.proxy.dataplane.PortStats;
import io.strait.proxy.model.ServicePortName;
import io.strait.proxy.sync.SyncResult;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import java.util.function.IntSupplier;

/**
 * Strait's Prometheus metrics. Traffic counters are read from the dataplane's per-port
 * {@link PortStats} at scrape time (callbacks), so the connection path only bumps LongAdders.
 * Labels are bounded: namespace, service, port, protocol. Thread-safe.
 */
public final class StraitMetrics {
    private static final String[] PORT_LABELS = {"namespace", "service", "port", "protocol"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram syncDuration;
    private final Gauge lastSync;
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
    private final ConnectionHistograms connections = new ConnectionHistograms(registry, PORT_LABELS);

    public StraitMetrics(Dataplane dataplane, IntSupplier configProblems) {
        JvmMetrics.builder().register(registry);
        syncDuration = Histogram.builder()
                .name("strait_sync_proxy_rules_duration_seconds")
                .help("Time to plan and apply the dataplane from a snapshot (kube-proxy's sync_proxy_rules_duration_seconds)")
                .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
                .classicExponentialUpperBounds(0.0001, 2, 18)
                .register(registry);
        lastSync = Gauge.builder()
                .name("strait_sync_proxy_rules_last_timestamp_seconds")
                .help("When the last sync finished, in seconds since the epoch")
                .register(registry);
        GaugeWithCallback.builder()
                .name("strait_config_problems")
                .help("Problems in the configuration last read (invalid objects, clashes, ports that could not be opened)")
                .callback(cb -> cb.call(configProblems.getAsInt()))
                .register(registry);
        Map<ServicePortName, PortStats> stats = dataplane.stats();
        counter("strait_connections_accepted", "TCP connections joined to an endpoint, and UDP flows created", stats, PortStats::accepted);
        counter("strait_connections_refused_no_endpoint", "Connections and datagrams refused because no endpoint was eligible", stats, PortStats::refusedNoEndpoint);
        counter("strait_backend_connect_failures", "Failed connection attempts to endpoints (each retry counts)", stats, PortStats::connectFailures);
        counter("strait_client_received_bytes", "Bytes received from clients", stats, PortStats::bytesFromClients);
        counter("strait_client_sent_bytes", "Bytes sent to clients", stats, PortStats::bytesToClients);
        counter("strait_udp_flows", "UDP flows created", stats, PortStats::udpFlowsCreated);
        counter("strait_connections_refused_table_full", "Connections reset and UDP flows dropped because the flow table was full (--max-flows)", stats, PortStats::refusedTableFull);
        counter("strait_endpoint_backoffs", "Times an endpoint was skipped for a back-off after consecutive connect failures", stats, PortStats::endpointsBackedOff);
        counter("strait_connections_idle_timeouts", "TCP connections and UDP flows ended by their idle timeout", stats, PortStats::idleTimeouts);
        counter("strait_connections_drain_closed", "TCP connections closed when a deleted Service port's drain grace period ended", stats, PortStats::drainClosed);
        counter("strait_connections_refused_no_descriptors", "Failed accepts and connections or UDP flows refused because the proxy ran out of file descriptors (EMFILE/ENFILE)", stats, PortStats::refusedNoDescriptors);
        counter("strait_udp_datagrams_dropped", "UDP datagrams dropped by the proxy (no endpoint, flow table or UDP flow limit full, write buffer full)", stats, PortStats::udpDatagramsDropped);
        counter("strait_udp_flows_refused_limit", "New UDP flows dropped because the most UDP flows were open", stats, PortStats::udpFlowsRefusedLimit);
        gauge("strait_connections_active", "TCP connections open now", stats, PortStats::active);
        gauge("strait_udp_flows_active", "UDP flows open now", stats, PortStats::udpFlowsActive);
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
        syncDuration.observe(result.took().toNanos() / 1e9);
        lastSync.set((result.started().toEpochMilli() + result.took().toMillis()) / 1000.0);
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

    /**
     * Registers the change-tracker gauges and the network-programming histogram; returns the
     * recorder of the latter (time from an EndpointSlice's last-change-trigger-time to the end of
     * the sync that applied it).
     */
    public java.util.function.Consumer<java.time.Duration> registerKubernetes(IntSupplier servicesPending,
                                                                            IntSupplier endpointsPending) {
        GaugeWithCallback.builder()
                .name("strait_sync_proxy_rules_service_changes_pending")
                .help("Services whose changes wait for the next sync")
                .callback(cb -> cb.call(servicesPending.getAsInt()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("strait_sync_proxy_rules_endpoint_changes_pending")
                .help("EndpointSlices whose changes wait for the next sync")
                .callback(cb -> cb.call(endpointsPending.getAsInt()))
                .register(registry);
        Histogram programming = Histogram.builder()
                .name("strait_network_programming_duration_seconds")
                .help("From an EndpointSlice's endpoints.kubernetes.io/last-change-trigger-time to the end of the sync that applied it")
                .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
                .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300)
                .register(registry);
        return d -> programming.observe(Math.max(0, d.toNanos() / 1e9));
    }

    private void counter(String name, String help, Map<ServicePortName, PortStats> stats, ToLongFunction<PortStats> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames(PORT_LABELS)
                .callback(cb -> each(stats, (p, s) -> cb.call(value.applyAsLong(s), labels(p))))
                .register(registry);
    }

    private void gauge(String name, String help, Map<ServicePortName, PortStats> stats, ToLongFunction<PortStats> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(PORT_LABELS)
                .callback(cb -> each(stats, (p, s) -> cb.call(value.applyAsLong(s), labels(p))))
                .register(registry);
    }

    private static void each(Map<ServicePortName, PortStats> stats, BiConsumer<ServicePortName, PortStats> f) {
        stats.forEach(f);
    }

    static String[] labels(ServicePortName p) {
        return new String[] {p.service().namespace(), p.service().name(), p.port(), p.protocol().name()};
    }
}

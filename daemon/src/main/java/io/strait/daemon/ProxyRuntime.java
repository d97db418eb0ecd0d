package io.strait.daemon;

import io.strait.allocator.speaker.LoadBalancerSink;
import io.strait.daemon.dns.PrometheusDnsMetrics;
import io.strait.daemon.http.HttpEndpoints;
import io.strait.daemon.metrics.StraitMetrics;
import io.strait.dns.ClusterDnsService;
import io.strait.dns.DnsSettings;
import io.strait.nodeport.HealthCheckServers;
import io.strait.nodeport.HealthCheckSink;
import io.strait.nodeport.NodeAddressWatch;
import io.strait.nodeport.NodeAddresses;
import io.strait.proxy.dataplane.BindFailedException;
import io.strait.proxy.dataplane.Dataplane;
import io.strait.proxy.health.ProxyHealth;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.plan.PlannerConfig;
import io.strait.proxy.problem.Problem;
import io.strait.proxy.problem.ProblemLog;
import io.strait.proxy.sync.ProxySync;
import io.strait.proxy.sync.Sink;
import io.strait.proxy.sync.SnapshotSource;
import io.strait.proxy.sync.SyncResult;
import io.strait.proxy.vip.VipManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a proxy process runs whatever feeds it: the dataplane, the sync loop with its sinks,
 * health, metrics and their HTTP servers. {@link #sinks} is the answer to "what happens on a change".
 */
public final class ProxyRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxyRuntime.class);
    /** A failed sync is retried after this long. */
    static final Duration SYNC_RETRY = Duration.ofSeconds(1);
    /** /healthz turns unhealthy when a queued change waited two sync periods plus this long. */
    static final Duration HEALTH_SLACK = Duration.ofSeconds(10);
    private static final long STOP_TIMEOUT_SECONDS = 10;
    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final ProxyOptions options;
    private final Dataplane dataplane;
    private final ProxySync sync;
    private final SnapshotSource source;
    private final LoadBalancerSink loadBalancers;
    private final ScheduledExecutorService control;
    private final ProblemLog syncProblems = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.Sync"), "sync");
    private final StraitMetrics metrics;
    private final HttpEndpoints http;
    private final ProxyHealth health;
    private final HealthCheckServers healthCheckNodePorts;
    private final ClusterDnsService dns;

    /** The health state a runtime for these options reports (sources record node deletion in it). */
    public static ProxyHealth health(ProxyOptions options) {
        return new ProxyHealth(Clock.systemUTC(), options.syncPeriod().multipliedBy(2).plus(HEALTH_SLACK));
    }

    /**
     * Builds the runtime and starts the source: the dataplane is programmed from its first complete snapshot.
     *
     * @param health        from {@link #health(ProxyOptions)}
     * @param vips          puts the plan's VIPs on the node, or null for none
     * @param loadBalancers the LoadBalancer sink of the mode
     */
    public ProxyRuntime(ProxyOptions options, ProxyHealth health, SnapshotSource source, VipManager vips,
                        LoadBalancerSink loadBalancers) {
        this(options, health, source, vips, loadBalancers, null);
    }

    /**
     * As {@link #ProxyRuntime(ProxyOptions, ProxyHealth, SnapshotSource, VipManager, LoadBalancerSink)}
     * with cluster DNS (null for none) answering from each snapshot. A DNS address that cannot be
     * bound fails the start with an IllegalArgumentException naming {@code --dns-bind-address}.
     */
    public ProxyRuntime(ProxyOptions options, ProxyHealth health, SnapshotSource source, VipManager vips,
                        LoadBalancerSink loadBalancers, DnsSettings dnsSettings) {
        this.options = options;
        this.health = health;
        this.source = source;
        this.loadBalancers = loadBalancers;
        this.dataplane = new Dataplane(options.dataplaneConfig());
        PlannerConfig pc = new PlannerConfig(options.nodeName(), NodeAddresses.select(options.nodePortAddresses()),
                options.lbAlgorithm());
        ClusterDnsService startedDns = null;
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strait-sync");
            t.setDaemon(true);
            return t;
        });
        try {
            this.metrics = new StraitMetrics(dataplane, () -> currentProblems().size() + syncProblems.current().size(),
                    options.metricsPerServiceHistograms());
            metrics.registerQueued(health::lastQueued);
            startedDns = dnsSettings == null ? null : startDns(dnsSettings, metrics);
            this.dns = startedDns;
            this.healthCheckNodePorts = new HealthCheckServers(health::healthy);
            this.sync = new ProxySync(source, sinks(options.nodeName(), vips, dataplane,
                    healthCheckNodePorts, loadBalancers, dns), pc, health,
                    Clock.systemUTC(), this::report,
                    new ProxySync.Periods(options.minSyncPeriod(), options.syncPeriod(), SYNC_RETRY), control);
            dataplane.setConnectionMetrics(metrics::connectionObserver);
            if (options.metricsPerBackend()) {
                metrics.registerPerBackend(dataplane, sync::plan);
            }
            this.http = new HttpEndpoints(options.healthz(), options.metrics(), options.inspect(), health, metrics.registry());
            http.onHealthRequest(metrics::onHealthRequest);
            var addressWatch = new NodeAddressWatch(pc.nodePortAddresses(),
                    () -> NodeAddresses.select(options.nodePortAddresses()),
                    addrs -> sync.updateConfig(new PlannerConfig(pc.nodeName(), addrs, pc.defaultAlgorithm(),
                            pc.maglevTableSize())));
            long every = NodeAddressWatch.PERIOD.toMillis();
            control.scheduleWithFixedDelay(addressWatch::check, every, every, TimeUnit.MILLISECONDS);
            // Inspection (strait status, strait connections) on its own address.
            io.strait.daemon.inspect.InspectEndpoints.register(http,
                    () -> io.strait.daemon.inspect.StatusBuilder.build(options.nodeName(), sync.lastResult(),
                            dataplane.stats(), dataplane.listening(), currentProblems()).withDns(dnsStatus()),
                    new io.strait.daemon.inspect.DataplaneFlows(dataplane, sync::plan));
            sync.start();
        } catch (RuntimeException e) {
            control.shutdownNow();
            if (startedDns != null) {
                startedDns.close();
            }
            dataplane.close();
            throw e;
        }
        if (dns != null) {
            log.info("cluster DNS for {} on {} (UDP and TCP)", dns.zone(), dns.address());
        }
        log.info("node {}; health on {}, metrics on {}, inspection on {}; NodePort addresses {}", options.nodeName(),
                http.healthAddress(), http.metricsAddress(), http.inspectAddress(), pc.nodePortAddresses());
    }

    /**
     * What happens on a change, in order: after the snapshot is planned, each sink gets the whole
     * desired state. Adding a side effect (DNS, network policy, ingress…) is one line here.
     */
    static List<Sink> sinks(String nodeName, VipManager vips, Dataplane dataplane, HealthCheckServers healthChecks,
                            LoadBalancerSink loadBalancers, ClusterDnsService dns) {
        return List.of(
                vipsOnTheNode(vips),                                  // 1. VIPs, before listeners bind them
                listenersAndRoutes(dataplane),                        // 2. the dataplane
                new HealthCheckSink(healthChecks, nodeName),          // 3. health-check node ports
                loadBalancers,                                        // 4. LoadBalancer allocation/announcement
                clusterDns(dns));                                     // 5. cluster DNS records
    }

    private static Sink clusterDns(ClusterDnsService dns) {
        return dns == null ? desired -> List.of() : desired -> Problem.all(dns.update(desired.state()));
    }

    private static ClusterDnsService startDns(DnsSettings settings, StraitMetrics metrics) {
        var service = new java.util.concurrent.atomic.AtomicReference<ClusterDnsService>();
        var dnsMetrics = new PrometheusDnsMetrics(metrics.registry(), () -> {
            ClusterDnsService s = service.get();
            return s == null ? 0 : s.cachedEntries();
        });
        try {
            service.set(ClusterDnsService.start(settings, dnsMetrics));
            return service.get();
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("--dns-bind-address " + settings.bind().getAddress().getHostAddress()
                    + ":" + settings.bind().getPort() + ": cannot start cluster DNS there: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting cluster DNS", e);
        }
    }

    private static Sink vipsOnTheNode(VipManager vips) {
        return vips == null ? desired -> List.of() : desired -> Problem.all(vips.sync(VipManager.wanted(desired.plan())));
    }

    private static Sink listenersAndRoutes(Dataplane dataplane) {
        return desired -> dataplane.apply(desired.plan()).stream()
                .map(BindFailedException::getMessage).map(Problem::of).toList();
    }

    private void report(SyncResult result) {
        syncProblems.report(result.problems());
        metrics.onSync(result);
    }

    /** Problems the source and the LoadBalancer side have now (counted in strait_config_problems, listed by status). */
    public List<String> currentProblems() {
        List<Problem> all = new ArrayList<>(sync.failure());
        all.addAll(source.currentProblems());
        all.addAll(loadBalancers.problems());
        return all.stream().map(Problem::toString).toList();
    }

    public ProxySync sync() {
        return sync;
    }

    public Dataplane dataplane() {
        return dataplane;
    }

    public HttpEndpoints http() {
        return http;
    }

    public ProxyHealth health() {
        return health;
    }

    public ProxyOptions options() {
        return options;
    }

    public StraitMetrics metrics() {
        return metrics;
    }

    private io.strait.daemon.inspect.Status.Dns dnsStatus() {
        return dns == null ? null : new io.strait.daemon.inspect.Status.Dns(
                (dns.address().getAddress() instanceof java.net.Inet6Address ip6 ? "[" + ip6.getHostAddress() + "]"
                        : dns.address().getAddress().getHostAddress()) + ":" + dns.address().getPort(), dns.zone());
    }

    /** The cluster DNS server, when one runs. */
    public Optional<ClusterDnsService> dns() {
        return Optional.ofNullable(dns);
    }

    /**
     * First step of a graceful stop: no more syncs, and every listener closed (new connections are
     * refused; established TCP connections carry on until {@link #close()}). The listeners close on
     * the sync thread, after a sync in progress.
     */
    public void stopAccepting() {
        sync.stop();
        try {
            control.submit(() -> dataplane.apply(DataplanePlan.EMPTY)).get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("closing listeners failed: {}", e.toString());
        }
    }

    /** The sync thread's executor, shared with sources that want a control thread. */
    public ScheduledExecutorService control() {
        return control;
    }

    /** Problems of the last sync, as logged. */
    public List<String> syncProblems() {
        return syncProblems.current();
    }

    @Override
    public void close() {
        sync.stop();
        control.shutdownNow();
        try {
            control.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        healthCheckNodePorts.close();
        if (dns != null) {
            dns.close();
        }
        dataplane.close();
    }
}

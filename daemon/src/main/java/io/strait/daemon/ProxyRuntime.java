package io.strait.daemon;

import io.strait.daemon.http.HttpEndpoints;
import io.strait.daemon.metrics.StraitMetrics;
import io.strait.nodeport.HealthCheckServers;
import io.strait.nodeport.HealthCheckSync;
import io.strait.nodeport.NodeAddressWatch;
import io.strait.proxy.dataplane.Dataplane;
import io.strait.proxy.dataplane.DataplaneConfig;
import io.strait.proxy.health.ProxyHealth;
import io.strait.proxy.plan.PlannerConfig;
import io.strait.proxy.sync.BoundedFrequencyRunner;
import io.strait.proxy.sync.ProxySync;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a proxy process runs whatever feeds it: the dataplane, the sync loop, health,
 * metrics and their HTTP servers. Sources (the manifest folder, the Kubernetes informers) publish
 * snapshots to {@link #sync()}.
 */
public final class ProxyRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxyRuntime.class);

    private final ProxyOptions options;
    private final Dataplane dataplane;
    private final ProxySync sync;
    private final BoundedFrequencyRunner runner;
    private final ScheduledExecutorService control;
    private final ProblemLog syncProblems = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.Sync"), "sync");
    private final StraitMetrics metrics;
    private final HttpEndpoints http;
    private final ProxyHealth health;
    private final HealthCheckServers healthCheckNodePorts;

    /**
     * @param extraProblems problems the source reports now (counted in strait_config_problems and listed
     *                      by {@code strait status})
     * @param describe      turns a sync problem into the message to log (e.g. adding the manifest file)
     */
    public ProxyRuntime(ProxyOptions options, Supplier<List<String>> extraProblems, java.util.function.UnaryOperator<String> describe) {
        this.options = options;
        DataplaneConfig dc = new DataplaneConfig(options.transport(), 0, (int) options.connectTimeout().toMillis(),
                3, options.udpIdleTimeout(), options.tcpIdleTimeout(), options.maxFlows(), options.drainGracePeriod(),
                java.time.Duration.ofSeconds(5), options.splice());
        this.dataplane = new Dataplane(dc);
        this.health = new ProxyHealth(Clock.systemUTC(), options.syncPeriod().multipliedBy(2).plus(Duration.ofSeconds(10)));
        PlannerConfig pc = new PlannerConfig(options.nodeName(), NodeAddresses.select(options.nodePortAddresses()),
                options.lbAlgorithm());
        this.sync = new ProxySync(dataplane, pc, health, Clock.systemUTC());
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strait-sync");
            t.setDaemon(true);
            return t;
        });
        // A sync that throws (anything) is retried by the runner; until one succeeds it is a problem now.
        ProblemLog syncFailure = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.Sync"), "sync task");
        Supplier<List<String>> problemsNow = () -> java.util.stream.Stream.concat(syncFailure.current().stream(),
                extraProblems.get().stream()).toList();
        this.runner = new BoundedFrequencyRunner("sync", () -> {
            try {
                sync.syncNow();
                syncFailure.report(List.of());
            } catch (RuntimeException | Error e) {
                syncFailure.report(List.of("the sync failed: " + e + "; retrying, the last applied state keeps serving"));
                throw e;
            }
        }, options.minSyncPeriod(), options.syncPeriod(),
                Duration.ofSeconds(1), control, System::nanoTime);
        sync.setRunner(runner);
        try {
            this.metrics = new StraitMetrics(dataplane, () -> problemsNow.get().size() + syncProblems.current().size(),
                    options.metricsPerServiceHistograms());
            metrics.registerQueued(health::lastQueued);
            dataplane.setConnectionMetrics(metrics::connectionObserver);
            if (options.metricsPerBackend()) {
                metrics.registerPerBackend(dataplane, sync::plan);
            }
            sync.addListener(metrics::onSync);
            sync.addListener(r -> syncProblems.report(r.problems().stream().map(describe).toList()));
            this.http = new HttpEndpoints(options.healthz(), options.metrics(), options.inspect(), health, metrics.registry());
            http.onHealthRequest(metrics::onHealthRequest);
            this.healthCheckNodePorts = new HealthCheckServers(health::healthy);
            ProblemLog hcProblems = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.HealthCheckNodePorts"),
                    "health-check node ports");
            sync.addListener(new HealthCheckSync(healthCheckNodePorts, options.nodeName(), hcProblems::report));
            var addressWatch = new NodeAddressWatch(pc.nodePortAddresses(),
                    () -> NodeAddresses.select(options.nodePortAddresses()),
                    addrs -> sync.updateConfig(new PlannerConfig(pc.nodeName(), addrs, pc.defaultAlgorithm(),
                            pc.maglevTableSize())));
            long every = NodeAddressWatch.PERIOD.toMillis();
            control.scheduleWithFixedDelay(addressWatch::check, every, every, TimeUnit.MILLISECONDS);
            // Inspection (strait status, strait connections) on its own address.
            io.strait.daemon.inspect.InspectEndpoints.register(http,
                    () -> io.strait.daemon.inspect.StatusBuilder.build(options.nodeName(), sync.lastResult(),
                            dataplane.stats(), dataplane.listening(), problemsNow.get()),
                    new io.strait.daemon.inspect.DataplaneFlows(dataplane, sync::plan));
        } catch (RuntimeException e) {
            control.shutdownNow();
            dataplane.close();
            throw e;
        }
        log.info("node {}; health on {}, metrics on {}, inspection on {}; NodePort addresses {}", options.nodeName(),
                http.healthAddress(), http.metricsAddress(), http.inspectAddress(), pc.nodePortAddresses());
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

    /**
     * First step of a graceful stop: no more syncs, and every listener closed (new connections are
     * refused; established TCP connections carry on until {@link #close()}). The listeners close on
     * the sync thread, after a sync in progress.
     */
    public void stopAccepting() {
        runner.stop();
        try {
            control.submit(() -> dataplane.apply(io.strait.proxy.plan.DataplanePlan.EMPTY)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("closing listeners failed: {}", e.toString());
        }
    }

    /** The sync thread's executor, shared with sources that want a control thread. */
    public ScheduledExecutorService control() {
        return control;
    }

    /** Problems of the last sync, as logged. */
    public java.util.List<String> syncProblems() {
        return syncProblems.current();
    }

    @Override
    public void close() {
        runner.stop();
        control.shutdownNow();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        healthCheckNodePorts.close();
        dataplane.close();
    }
}

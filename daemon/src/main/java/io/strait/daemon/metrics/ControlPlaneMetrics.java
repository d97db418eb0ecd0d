package io.strait.daemon.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.strait.proxy.sync.SyncResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The sync loop and its inputs, with kube-proxy's meanings ({@code pkg/proxy/metrics}) under
 * Strait's prefix: {@code kubeproxy_sync_proxy_rules_*} is {@code strait_sync_proxy_rules_*},
 * {@code kubeproxy_network_programming_duration_seconds} is
 * {@code strait_network_programming_duration_seconds}, {@code kubernetes_build_info} is
 * {@code strait_build_info}. Thread-safe.
 */
final class ControlPlaneMetrics {
    private final PrometheusRegistry registry;
    private final Histogram syncDuration;
    private final Gauge lastSync;
    private final Histogram programming;

    ControlPlaneMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        syncDuration = Histogram.builder()
                .name("strait_sync_proxy_rules_duration_seconds")
                .help("Time to plan and apply the dataplane from a snapshot (kube-proxy's sync_proxy_rules_duration_seconds)")
                .unit(Unit.SECONDS)
                .classicExponentialUpperBounds(0.0001, 2, 18)
                .register(registry);
        lastSync = Gauge.builder()
                .name("strait_sync_proxy_rules_last_timestamp_seconds")
                .help("When the last sync finished, in seconds since the epoch")
                .register(registry);
        programming = Histogram.builder()
                .name("strait_network_programming_duration_seconds")
                .help("From a change (an EndpointSlice's endpoints.kubernetes.io/last-change-trigger-time; in "
                        + "standalone mode the manifest file's modification time) to the end of the sync that applied it")
                .unit(Unit.SECONDS)
                .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300)
                .register(registry);
        Info build = Info.builder().name("strait_build_info")
                .help("Strait's version and the Java runtime it runs on (value 1; kube-proxy's kubernetes_build_info)")
                .labelNames("version", "java_version", "java_vendor")
                .register(registry);
        build.setLabelValues(version(), Runtime.version().toString(), System.getProperty("java.vendor", "unknown"));
    }

    void registerQueued(Supplier<Instant> lastQueued) {
        GaugeWithCallback.builder()
                .name("strait_sync_proxy_rules_last_queued_timestamp_seconds")
                .help("When a change last asked for a sync, in seconds since the epoch (queued long after the "
                        + "last sync finished: the sync is stuck)")
                .callback(cb -> {
                    Instant q = lastQueued.get();
                    if (q != null) {
                        cb.call(q.toEpochMilli() / 1000.0);
                    }
                })
                .register(registry);
    }

    void registerChanges(IntSupplier servicesPending, IntSupplier endpointsPending,
                         LongSupplier serviceChanges, LongSupplier endpointChanges) {
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
        CounterWithCallback.builder()
                .name("strait_sync_proxy_rules_service_changes")
                .help("Service changes seen (kube-proxy's sync_proxy_rules_service_changes_total)")
                .callback(cb -> cb.call(serviceChanges.getAsLong()))
                .register(registry);
        CounterWithCallback.builder()
                .name("strait_sync_proxy_rules_endpoint_changes")
                .help("EndpointSlice changes seen (kube-proxy's sync_proxy_rules_endpoint_changes_total)")
                .callback(cb -> cb.call(endpointChanges.getAsLong()))
                .register(registry);
    }

    void onSync(SyncResult result) {
        syncDuration.observe(result.took().toNanos() / 1e9);
        lastSync.set((result.started().toEpochMilli() + result.took().toMillis()) / 1000.0);
    }

    Consumer<Duration> programmingLatency() {
        return d -> programming.observe(Math.max(0, d.toNanos() / 1e9));
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = ControlPlaneMetrics.class.getResourceAsStream("/strait-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }
}

package io.strait.daemon.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.strait.proxy.model.ServicePortName;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The three per-connection histograms and one {@link ConnectionObserver} per Service port,
 * resolved once. {@link #retain} (after each sync) drops the series of ports that left the plan,
 * so labels stay bounded by the Services that exist. Thread-safe.
 */
final class ConnectionHistograms {
    static final String CONNECT = "strait_backend_connect_duration_seconds";
    static final String FIRST_BYTE = "strait_backend_first_byte_duration_seconds";
    static final String DURATION = "strait_connection_duration_seconds";
    private static final double[] LATENCY_BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final double[] DURATION_BOUNDS = {0.0001, 0.001, 0.01, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
        300, 900, 3600};

    private final Histogram connect;
    private final Histogram firstByte;
    private final Histogram duration;
    private final ConcurrentHashMap<ServicePortName, ConnectionObserver> observers = new ConcurrentHashMap<>();

    ConnectionHistograms(PrometheusRegistry registry, String[] labelNames) {
        connect = histogram(CONNECT, "Time to connect to the chosen endpoint (successful attempts)",
                LATENCY_BOUNDS, labelNames, registry);
        firstByte = histogram(FIRST_BYTE, "From accepting a client's connection to the first byte from its endpoint",
                LATENCY_BOUNDS, labelNames, registry);
        duration = histogram(DURATION, "How long relayed connections lasted, from accept to close",
                DURATION_BOUNDS, labelNames, registry);
    }

    ConnectionObserver observer(ServicePortName port) {
        ConnectionObserver o = observers.get(port);
        return o != null ? o : observers.computeIfAbsent(port, p -> {
            String[] labels = StraitMetrics.labels(p);
            return new ConnectionObserver(connect.labelValues(labels), firstByte.labelValues(labels),
                    duration.labelValues(labels));
        });
    }

    /** Resolves the observers of the ports in the plan and forgets the others (and their series). */
    void retain(Set<ServicePortName> ports) {
        ports.forEach(this::observer);
        observers.keySet().removeIf(p -> {
            if (ports.contains(p)) {
                return false;
            }
            String[] labels = StraitMetrics.labels(p);
            connect.remove(labels);
            firstByte.remove(labels);
            duration.remove(labels);
            return true;
        });
    }

    private static Histogram histogram(String name, String help, double[] bounds, String[] labelNames,
                                       PrometheusRegistry registry) {
        return Histogram.builder().name(name).help(help).unit(Unit.SECONDS).labelNames(labelNames)
                .classicUpperBounds(bounds).withoutExemplars().register(registry);
    }
}

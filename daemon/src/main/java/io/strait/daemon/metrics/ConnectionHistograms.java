package io.strait.daemon.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServicePortName;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-connection histograms and one {@link ConnectionObserver} per Service port, resolved
 * once. Only what a protocol can have exists: TCP ports get connect, first-byte and duration
 * series, UDP ports the flow duration only. Per Service port (labels namespace, service, port,
 * protocol) with {@code --metrics-per-service-histograms}; otherwise one set per protocol for the
 * whole node (label protocol only), so a Service port costs no histogram series. {@link #retain}
 * (after each sync) drops the series of ports that left the plan. Every histogram is exposed in
 * both forms: classic buckets (text format) and native (protobuf, to a Prometheus that asks for
 * it). Thread-safe.
 */
final class ConnectionHistograms {
    static final String CONNECT = "strait_backend_connect_duration_seconds";
    static final String FIRST_BYTE = "strait_backend_first_byte_duration_seconds";
    static final String DURATION = "strait_connection_duration_seconds";
    private static final String[] PROTOCOL_ONLY = {"protocol"};

    private final boolean perService;
    private final Histogram connect;
    private final Histogram firstByte;
    private final Histogram duration;
    private final ConcurrentHashMap<ServicePortName, ConnectionObserver> observers = new ConcurrentHashMap<>();

    /**
     * @param perService one series set per Service port (else per protocol)
     * @param buckets    the classic bucket bounds
     */
    ConnectionHistograms(PrometheusRegistry registry, String[] portLabels, boolean perService, HistogramBuckets buckets) {
        this.perService = perService;
        String[] labels = perService ? portLabels : PROTOCOL_ONLY;
        connect = histogram(CONNECT, "Time to connect to the chosen endpoint (successful attempts; TCP)",
                buckets.latency(), labels, registry);
        firstByte = histogram(FIRST_BYTE, "From accepting a client's connection to the first byte from its endpoint (TCP)",
                buckets.latency(), labels, registry);
        duration = histogram(DURATION, "How long relayed TCP connections and UDP flows lasted, from accept to close or expiry",
                buckets.duration(), labels, registry);
    }

    ConnectionObserver observer(ServicePortName port) {
        ConnectionObserver o = observers.get(port);
        return o != null ? o : observers.computeIfAbsent(port, p -> {
            String[] labels = labels(p);
            boolean tcp = p.protocol() != Protocol.UDP;
            return new ConnectionObserver(tcp ? connect.labelValues(labels) : null,
                    tcp ? firstByte.labelValues(labels) : null, duration.labelValues(labels));
        });
    }

    /** Resolves the observers of the ports in the plan and forgets the others (and their series). */
    void retain(Set<ServicePortName> ports) {
        ports.forEach(this::observer);
        observers.keySet().removeIf(p -> {
            if (ports.contains(p)) {
                return false;
            }
            if (perService) {
                String[] labels = labels(p);
                connect.remove(labels);
                firstByte.remove(labels);
                duration.remove(labels);
            }
            return true;
        });
    }

    private String[] labels(ServicePortName p) {
        return perService ? StraitMetrics.labels(p) : new String[] {p.protocol().name()};
    }

    private static Histogram histogram(String name, String help, double[] bounds, String[] labelNames,
                                       PrometheusRegistry registry) {
        return Histogram.builder().name(name).help(help).unit(Unit.SECONDS).labelNames(labelNames)
                .classicUpperBounds(bounds).withoutExemplars().register(registry);
    }
}

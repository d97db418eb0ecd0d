package io.strait.daemon;

import io.strait.proxy.dataplane.DataplaneConfig;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The resolved settings of a proxy process, whatever the source (flags, config file, demo).
 *
 * @param nodeName          this node's name
 * @param healthz           health server address (port 0 = any free port)
 * @param metrics           metrics server address
 * @param nodePortAddresses {@code --nodeport-addresses} (CIDRs, {@code primary}, or empty for all)
 * @param minSyncPeriod     minimum time between two syncs (coalescing window)
 * @param syncPeriod        maximum time between two syncs (periodic full resync)
 * @param tcpIdleTimeout    {@code --tcp-idle-timeout}
 * @param maxFlows          {@code --max-flows}
 * @param drainGracePeriod  {@code --drain-grace-period}
 * @param splice            {@code --splice}
 * @param metricsPerBackend {@code --metrics-per-backend}
 * @param metricsPerServiceHistograms {@code --metrics-per-service-histograms}
 * @param inspect           {@code --inspect-bind-address}: where /status and /connections answer
 */
public record ProxyOptions(
        String nodeName,
        InetSocketAddress healthz,
        InetSocketAddress metrics,
        List<String> nodePortAddresses,
        Transport transport,
        io.strait.lb.Algorithm lbAlgorithm,
        Duration minSyncPeriod,
        Duration syncPeriod,
        Duration connectTimeout,
        Duration udpIdleTimeout,
        Duration tcpIdleTimeout,
        int maxFlows,
        Duration drainGracePeriod,
        boolean splice,
        boolean metricsPerBackend,
        boolean metricsPerServiceHistograms,
        InetSocketAddress inspect) {

    /** The inspection address's default: loopback only, a port no Kubernetes component uses. */
    public static final String DEFAULT_INSPECT = "127.0.0.1:10262";

    /** Event-loop threads: 0 means one per core. */
    public static final int EVENT_LOOP_THREADS = 0;
    /** Endpoints tried per connection before the client gets a RST. */
    public static final int MAX_CONNECT_ATTEMPTS = 3;
    /** First back-off of an endpoint whose connects keep failing. */
    public static final Duration ENDPOINT_BACKOFF = Duration.ofSeconds(5);

    public ProxyOptions {
        Objects.requireNonNull(nodeName, "nodeName");
        nodePortAddresses = List.copyOf(nodePortAddresses);
    }

    /** The dataplane's settings. */
    public DataplaneConfig dataplaneConfig() {
        return new DataplaneConfig(transport, EVENT_LOOP_THREADS, Math.toIntExact(connectTimeout.toMillis()),
                MAX_CONNECT_ATTEMPTS, udpIdleTimeout, tcpIdleTimeout, maxFlows, drainGracePeriod, ENDPOINT_BACKOFF,
                splice);
    }

    /** Without per-Service histograms (the flag's default), inspection on any free loopback port. */
    public ProxyOptions(String nodeName, InetSocketAddress healthz, InetSocketAddress metrics,
                        List<String> nodePortAddresses, Transport transport, io.strait.lb.Algorithm lbAlgorithm,
                        Duration minSyncPeriod, Duration syncPeriod, Duration connectTimeout, Duration udpIdleTimeout,
                        Duration tcpIdleTimeout, int maxFlows, Duration drainGracePeriod, boolean splice,
                        boolean metricsPerBackend) {
        this(nodeName, healthz, metrics, nodePortAddresses, transport, lbAlgorithm, minSyncPeriod, syncPeriod,
                connectTimeout, udpIdleTimeout, tcpIdleTimeout, maxFlows, drainGracePeriod, splice, metricsPerBackend,
                false, anyLoopbackPort());
    }

    /** With per-Service histograms as given, inspection on any free loopback port. */
    public ProxyOptions(String nodeName, InetSocketAddress healthz, InetSocketAddress metrics,
                        List<String> nodePortAddresses, Transport transport, io.strait.lb.Algorithm lbAlgorithm,
                        Duration minSyncPeriod, Duration syncPeriod, Duration connectTimeout, Duration udpIdleTimeout,
                        Duration tcpIdleTimeout, int maxFlows, Duration drainGracePeriod, boolean splice,
                        boolean metricsPerBackend, boolean metricsPerServiceHistograms) {
        this(nodeName, healthz, metrics, nodePortAddresses, transport, lbAlgorithm, minSyncPeriod, syncPeriod,
                connectTimeout, udpIdleTimeout, tcpIdleTimeout, maxFlows, drainGracePeriod, splice, metricsPerBackend,
                metricsPerServiceHistograms, anyLoopbackPort());
    }

    /** Without per-Service histograms, inspection on the given address. */
    public ProxyOptions(String nodeName, InetSocketAddress healthz, InetSocketAddress metrics,
                        List<String> nodePortAddresses, Transport transport, io.strait.lb.Algorithm lbAlgorithm,
                        Duration minSyncPeriod, Duration syncPeriod, Duration connectTimeout, Duration udpIdleTimeout,
                        Duration tcpIdleTimeout, int maxFlows, Duration drainGracePeriod, boolean splice,
                        boolean metricsPerBackend, InetSocketAddress inspect) {
        this(nodeName, healthz, metrics, nodePortAddresses, transport, lbAlgorithm, minSyncPeriod, syncPeriod,
                connectTimeout, udpIdleTimeout, tcpIdleTimeout, maxFlows, drainGracePeriod, splice, metricsPerBackend,
                false, inspect);
    }

    private static InetSocketAddress anyLoopbackPort() {
        return new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    /** The same with another inspection address. */
    public ProxyOptions withInspect(InetSocketAddress address) {
        return new ProxyOptions(nodeName, healthz, metrics, nodePortAddresses, transport, lbAlgorithm, minSyncPeriod,
                syncPeriod, connectTimeout, udpIdleTimeout, tcpIdleTimeout, maxFlows, drainGracePeriod, splice,
                metricsPerBackend, metricsPerServiceHistograms, address);
    }

    /** With the dataplane's defaults for the flow-table settings. */
    public ProxyOptions(String nodeName, InetSocketAddress healthz, InetSocketAddress metrics,
                        List<String> nodePortAddresses, Transport transport, io.strait.lb.Algorithm lbAlgorithm,
                        Duration minSyncPeriod, Duration syncPeriod, Duration connectTimeout, Duration udpIdleTimeout) {
        this(nodeName, healthz, metrics, nodePortAddresses, transport, lbAlgorithm, minSyncPeriod, syncPeriod,
                connectTimeout, udpIdleTimeout, Duration.ofHours(24),
                DataplaneConfig.DEFAULT_MAX_FLOWS, Duration.ofSeconds(30), false, false, false);
    }
}

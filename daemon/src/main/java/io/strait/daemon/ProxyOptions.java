package io.strait.daemon;

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
        Duration udpIdleTimeout) {

    public ProxyOptions {
        Objects.requireNonNull(nodeName, "nodeName");
        nodePortAddresses = List.copyOf(nodePortAddresses);
    }
}

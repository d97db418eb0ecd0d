package io.strait.proxy.plan;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;

/** An endpoint of one Service port: the pod address with the target port resolved, and its conditions. */
public record ResolvedEndpoint(
        InetSocketAddress address,
        String nodeName,
        String zone,
        boolean ready,
        boolean serving,
        boolean terminating,
        Set<String> zoneHints,
        Set<String> nodeHints) {

    public ResolvedEndpoint {
        Objects.requireNonNull(address, "address");
        zoneHints = Set.copyOf(zoneHints);
        nodeHints = Set.copyOf(nodeHints);
    }

    /** "ip:port", IPv6 in brackets. */
    public String key() {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}

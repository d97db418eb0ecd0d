package io.strait.proxy.model;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/**
 * One endpoint (pod) of an EndpointSlice. Conditions follow discovery.k8s.io/v1: an unset
 * {@code ready} counts as ready, unset {@code serving} follows ready, unset terminating is false.
 */
public record EndpointAddress(
        InetAddress address,
        String nodeName,
        String zone,
        boolean ready,
        boolean serving,
        boolean terminating,
        Set<String> zoneHints,
        Set<String> nodeHints,
        String hostname) {

    public EndpointAddress {
        Objects.requireNonNull(address, "address");
        zoneHints = Set.copyOf(zoneHints);
        nodeHints = Set.copyOf(nodeHints);
    }

    /** Without a hostname. */
    public EndpointAddress(InetAddress address, String nodeName, String zone, boolean ready, boolean serving,
                           boolean terminating, Set<String> zoneHints, Set<String> nodeHints) {
        this(address, nodeName, zone, ready, serving, terminating, zoneHints, nodeHints, null);
    }
}

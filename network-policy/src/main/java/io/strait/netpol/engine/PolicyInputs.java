package io.strait.netpol.engine;

import io.strait.netpol.model.Namespace;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Pod;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * Everything a snapshot is built from.
 *
 * @param nodeAddresses addresses whose traffic to and from pods is always allowed: this node's own
 *                      addresses (what the specification demands), plus the other nodes' when
 *                      Strait proxies across nodes (their connections were checked by Strait there)
 */
public record PolicyInputs(List<NetworkPolicy> policies, List<Pod> pods, List<Namespace> namespaces,
        Set<InetAddress> nodeAddresses) {
    public static final PolicyInputs EMPTY = new PolicyInputs(List.of(), List.of(), List.of(), Set.of());

    public PolicyInputs {
        policies = List.copyOf(policies);
        pods = List.copyOf(pods);
        namespaces = List.copyOf(namespaces);
        nodeAddresses = Set.copyOf(nodeAddresses);
    }
}

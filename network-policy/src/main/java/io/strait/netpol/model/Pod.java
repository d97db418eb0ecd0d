package io.strait.netpol.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod as policy sees it: its namespace and labels (what selectors match), its IPs
 * ({@code status.podIPs}, one per family) and its named container ports. Host-network pods are
 * left out by the adapter: policy does not apply to them and their IP is the node's.
 */
public record Pod(String namespace, String name, Map<String, String> labels, List<InetAddress> ips,
        List<NamedPort> namedPorts) {
    public Pod {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        ips = List.copyOf(ips);
        namedPorts = List.copyOf(namedPorts);
    }

    /** The port a named policy port means on this pod, or -1 when it has no such port for that protocol. */
    public int resolve(String portName, Protocol protocol) {
        for (NamedPort p : namedPorts) {
            if (p.name().equals(portName) && p.protocol() == protocol) {
                return p.port();
            }
        }
        return -1;
    }

    /** {@code namespace/name}. */
    public String id() {
        return namespace + "/" + name;
    }
}

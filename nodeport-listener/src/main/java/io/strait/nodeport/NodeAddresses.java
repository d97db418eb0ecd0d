package io.strait.nodeport;

import io.strait.proxy.model.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The node addresses NodePorts listen on, chosen as kube-proxy's {@code --nodeport-addresses}:
 * a list of CIDRs, or {@code primary} (the node's primary address), or unset for every address
 * of the node. Link-local IPv6 addresses are never used.
 */
public final class NodeAddresses {
    private NodeAddresses() {}

    /** Parses the flag value; throws IllegalArgumentException naming a bad entry. */
    public static List<InetAddress> select(List<String> flag) {
        List<InetAddress> all = local();
        if (flag == null || flag.isEmpty()) {
            return all;
        }
        if (flag.size() == 1 && flag.getFirst().equals("primary")) {
            return all.stream().filter(a -> !a.isLoopbackAddress()).findFirst()
                    .map(List::of).orElse(all.stream().limit(1).toList());
        }
        List<Cidr> cidrs = flag.stream().map(s -> {
            try {
                return Cidr.parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--nodeport-addresses: " + e.getMessage()
                        + " (a list of CIDRs, or primary)");
            }
        }).toList();
        return all.stream().filter(a -> cidrs.stream().anyMatch(c -> c.contains(a))).toList();
    }

    /** Every address of every interface that is up, IPv4 first. */
    public static List<InetAddress> local() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet6Address v6 && (v6.isLinkLocalAddress() || v6.getScopeId() != 0)) {
                        continue;
                    }
                    out.add(a);
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces: " + e.getMessage(), e);
        }
        out.sort((a, b) -> Integer.compare(a.getAddress().length, b.getAddress().length));
        return out;
    }
}

package io.strait.allocator.ipam;

import io.strait.proxy.model.ServiceName;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which Services hold each address during one reconcile. An address is held by one Service, or
 * shared by several with the same {@code allow-shared-ip} key, no common port and the same
 * external traffic policy (MetalLB's rules). Not thread-safe: owned by one reconcile.
 */
final class Ledger {
    private final Map<InetAddress, List<LbService>> holders = new HashMap<>();

    /** Null when svc may take ip, else why not. */
    String conflict(InetAddress ip, LbService svc) {
        List<LbService> list = holders.getOrDefault(ip, List.of());
        for (LbService other : list) {
            if (other.name().equals(svc.name())) {
                continue;
            }
            if (svc.sharingKey() == null || !svc.sharingKey().equals(other.sharingKey())) {
                return ip.getHostAddress() + " is already in use by Service " + other.name()
                        + (svc.sharingKey() == null ? "" : " (with a different metallb.io/allow-shared-ip key)");
            }
            if (svc.localPolicy() != other.localPolicy()) {
                return ip.getHostAddress() + " is shared with Service " + other.name()
                        + ", whose externalTrafficPolicy differs";
            }
            for (LbService.PortKey p : svc.ports()) {
                if (other.ports().contains(p)) {
                    return ip.getHostAddress() + " is shared with Service " + other.name() + ", which also uses port "
                            + p.port() + "/" + p.protocol();
                }
            }
        }
        return null;
    }

    boolean inUse(InetAddress ip) {
        return holders.containsKey(ip);
    }

    /** Addresses in use now that svc could share. */
    List<InetAddress> shareable(LbService svc) {
        List<InetAddress> out = new ArrayList<>();
        if (svc.sharingKey() == null) {
            return out;
        }
        holders.forEach((ip, list) -> {
            if (conflict(ip, svc) == null) {
                out.add(ip);
            }
        });
        out.sort(java.util.Comparator.comparing(AddressOrder::key));
        return out;
    }

    void take(List<InetAddress> ips, LbService svc) {
        for (InetAddress ip : ips) {
            holders.computeIfAbsent(ip, k -> new ArrayList<>()).add(svc);
        }
    }

    java.util.Set<InetAddress> addresses() {
        return holders.keySet();
    }

    List<ServiceName> holdersOf(InetAddress ip) {
        return holders.getOrDefault(ip, List.of()).stream().map(LbService::name).toList();
    }
}

package io.strait.allocator.ipam;

import io.strait.allocator.config.AddressRange;
import io.strait.allocator.config.Config;
import io.strait.allocator.config.Pool;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The decisions of one reconcile against one configuration and ledger: is a held claim still
 * valid, and which addresses would a new Service get. Not thread-safe.
 */
final class PoolChoice {
    private final Config config;
    private final Ledger ledger;
    private final Map<String, Map<String, String>> namespaceLabels;

    PoolChoice(Config config, Ledger ledger, Map<String, Map<String, String>> namespaceLabels) {
        this.config = config;
        this.ledger = ledger;
        this.namespaceLabels = namespaceLabels;
    }

    private boolean allowed(Pool p, LbService svc) {
        return p.allows(svc.name().namespace(), svc.labels(),
                namespaceLabels.getOrDefault(svc.name().namespace(), Map.of()));
    }

    private Pool poolOf(InetAddress ip) {
        return config.pools().values().stream().filter(p -> p.contains(ip)).findFirst().orElse(null);
    }

    /** The claim as an assignment when the Service may keep it, else null (it is re-allocated). */
    Outcome.Assigned validClaim(LbService svc, List<InetAddress> claim) {
        if (svc.invalid() != null || (!svc.requestedIPs().isEmpty() && !svc.requestedIPs().equals(claim))) {
            return null;
        }
        Pool pool = poolOf(claim.getFirst());
        if (pool == null || !allowed(pool, svc) || (svc.requestedPool() != null && !svc.requestedPool().equals(pool.name()))) {
            return null;
        }
        long v6 = claim.stream().filter(a -> a.getAddress().length == 16).count();
        if (v6 > 1 || claim.size() - v6 > 1) {
            return null;
        }
        for (InetAddress ip : claim) {
            if (!pool.contains(ip) || ledger.conflict(ip, svc) != null) {
                return null;
            }
        }
        return new Outcome.Assigned(claim, pool.name());
    }

    Outcome allocate(LbService svc) {
        String who = "Service " + svc.name() + ": ";
        if (svc.invalid() != null) {
            return new Outcome.Failed(who + svc.invalid());
        }
        if (svc.requestedPool() != null && !config.pools().containsKey(svc.requestedPool())) {
            return new Outcome.Failed(who + "metallb.io/address-pool names unknown IPAddressPool \"" + svc.requestedPool() + "\"");
        }
        return svc.requestedIPs().isEmpty() ? automatic(svc, who) : requested(svc, who);
    }

    private Outcome requested(LbService svc, String who) {
        Pool pool = null;
        for (InetAddress ip : svc.requestedIPs()) {
            Pool p = poolOf(ip);
            if (p == null) {
                return new Outcome.Failed(who + "requested IP " + ip.getHostAddress() + " is not in any IPAddressPool");
            }
            if (pool != null && pool != p) {
                return new Outcome.Failed(who + "requested IPs are in different pools (" + pool.name() + ", " + p.name() + ")");
            }
            pool = p;
            String conflict = ledger.conflict(ip, svc);
            if (conflict != null) {
                return new Outcome.Failed(who + "requested IP " + conflict);
            }
        }
        if (svc.requestedPool() != null && !svc.requestedPool().equals(pool.name())) {
            return new Outcome.Failed(who + "requested IPs are not in IPAddressPool \"" + svc.requestedPool() + "\"");
        }
        if (!allowed(pool, svc)) {
            return new Outcome.Failed(who + "IPAddressPool " + pool.name() + " does not allow this Service (serviceAllocation)");
        }
        return new Outcome.Assigned(svc.requestedIPs(), pool.name());
    }

    private Outcome automatic(LbService svc, String who) {
        List<Pool> candidates = new ArrayList<>();
        for (Pool p : config.pools().values()) {
            boolean named = p.name().equals(svc.requestedPool());
            if ((named || (svc.requestedPool() == null && p.autoAssign())) && allowed(p, svc)) {
                candidates.add(p);
            }
        }
        if (candidates.isEmpty()) {
            return new Outcome.Failed(who + (svc.requestedPool() != null
                    ? "IPAddressPool " + svc.requestedPool() + " does not allow this Service (serviceAllocation)"
                    : "no IPAddressPool with autoAssign allows this Service"));
        }
        candidates.sort(Comparator.comparingInt(Pool::priority).thenComparing(Pool::name));
        List<Boolean> wanted = Families.wanted(svc);
        List<String> tried = new ArrayList<>();
        for (Pool p : candidates) {
            List<Boolean> fams = Families.fit(svc, wanted, p);
            if (fams == null) {
                continue;
            }
            List<InetAddress> ips = new ArrayList<>();
            for (boolean v6 : fams) {
                InetAddress ip = firstFree(p, v6, svc);
                if (ip == null) {
                    break;
                }
                ips.add(ip);
            }
            if (ips.size() == fams.size()) {
                return new Outcome.Assigned(ips, p.name());
            }
            tried.add(p.name());
        }
        return new Outcome.Failed(who + (tried.isEmpty()
                ? "no IPAddressPool has addresses of the families " + Families.names(wanted)
                : "no available IPs in IPAddressPool " + String.join(", ", tried) + " (exhausted)"));
    }

    private InetAddress firstFree(Pool p, boolean v6, LbService svc) {
        for (InetAddress ip : ledger.shareable(svc)) {
            if ((ip.getAddress().length == 16) == v6 && p.contains(ip)) {
                return ip;
            }
        }
        for (AddressRange r : p.ranges()) {
            if (r.ipv6() != v6) {
                continue;
            }
            for (BigInteger v = r.first(); v.compareTo(r.last()) <= 0; v = v.add(BigInteger.ONE)) {
                if (p.avoidBuggyIPs() && AddressRange.buggy(v, v6)) {
                    continue;
                }
                InetAddress ip = AddressRange.toAddress(v, v6);
                if (!ledger.inUse(ip)) {
                    return ip;
                }
            }
        }
        return null;
    }
}

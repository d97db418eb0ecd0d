package io.strait.allocator.ipam;

import io.strait.allocator.config.Config;
import io.strait.allocator.config.Pool;
import io.strait.proxy.model.ServiceName;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assigns LoadBalancer addresses from MetalLB-style pools, after MetalLB {@code internal/allocator}
 * and {@code service_controller_reload.go}. {@link #reconcile} takes the whole desired state (the
 * configuration and every Service) and works in two passes over Services sorted by namespace/name:
 * first every Service keeps what it already holds (this allocator's last answer, else its
 * {@code status.loadBalancer.ingress}) when that is still valid; only then are new addresses
 * handed out, lowest free address of the preferred pool first. So one address never goes to two
 * Services (unless they share it by key), a held address never moves, and the result is a pure
 * function of the inputs and the previous answer: the same inputs give the same addresses.
 * Not thread-safe: call from one control thread.
 */
public final class Allocator {
    private Map<ServiceName, Outcome.Assigned> held = Map.of();
    private Map<String, Integer> inUse = Map.of();

    /** Reconciles; returns an outcome per Service this allocator is responsible for. */
    public Map<ServiceName, Outcome> reconcile(Config config, List<LbService> services,
                                               Map<String, Map<String, String>> namespaceLabels) {
        List<LbService> ours = new ArrayList<>(services.stream().filter(LbService::ours).toList());
        ours.sort(Comparator.comparing(LbService::name));
        Ledger ledger = new Ledger();
        Map<ServiceName, Outcome> out = new TreeMap<>();
        Map<ServiceName, String> pools = new TreeMap<>();
        PoolChoice choice = new PoolChoice(config, ledger, namespaceLabels);
        List<LbService> pending = new ArrayList<>();
        for (LbService svc : ours) {
            Outcome.Assigned previous = held.get(svc.name());
            List<InetAddress> claim = previous != null ? previous.ips() : svc.ingress();
            Outcome.Assigned kept = claim.isEmpty() ? null : choice.validClaim(svc, claim);
            if (kept != null) {
                ledger.take(kept.ips(), svc);
                out.put(svc.name(), kept);
            } else {
                pending.add(svc);
            }
        }
        for (LbService svc : pending) {
            Outcome o = choice.allocate(svc);
            if (o instanceof Outcome.Assigned a) {
                ledger.take(a.ips(), svc);
            }
            out.put(svc.name(), o);
        }
        Map<ServiceName, Outcome.Assigned> now = new TreeMap<>();
        out.forEach((k, v) -> {
            if (v instanceof Outcome.Assigned a) {
                now.put(k, a);
                pools.put(k, a.pool());
            }
        });
        held = now;
        inUse = countInUse(config, ledger);
        return out;
    }

    /** What each Service holds after the last reconcile. */
    public Map<ServiceName, Outcome.Assigned> assignments() {
        return held;
    }

    /** Addresses in use per pool after the last reconcile (every configured pool listed). */
    public Map<String, Integer> addressesInUse() {
        return inUse;
    }

    private static Map<String, Integer> countInUse(Config config, Ledger ledger) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Pool p : config.pools().values()) {
            counts.put(p.name(), 0);
        }
        for (InetAddress ip : ledger.addresses()) {
            for (Pool p : config.pools().values()) {
                if (p.contains(ip)) {
                    counts.merge(p.name(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}

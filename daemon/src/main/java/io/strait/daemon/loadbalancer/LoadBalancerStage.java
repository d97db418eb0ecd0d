package io.strait.daemon.loadbalancer;

import io.strait.allocator.config.Config;
import io.strait.allocator.config.ConfigState;
import io.strait.allocator.config.RawObject;
import io.strait.allocator.ipam.Allocator;
import io.strait.allocator.ipam.LbService;
import io.strait.allocator.ipam.Outcome;
import io.strait.allocator.l2.AnnouncerChoice.NodeView;
import io.strait.daemon.ProblemLog;
import io.strait.daemon.announce.AnnouncementInputs;
import io.strait.daemon.announce.Announcements;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.NodeInfo;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode's allocation stage: between the manifest folder and {@code ProxySync.update},
 * it rewrites each LoadBalancer Service's {@code loadBalancerIPs} with what the allocator assigned
 * from the folder's IPAddressPools. Nothing is persisted: allocation is a pure function of the
 * folder's contents (Services sorted by namespace/name, lowest free address first, addresses in
 * {@code status.loadBalancer.ingress} kept), so a restart on the same folder gives the same IPs,
 * and a running process never moves an address. With no IPAddressPool at all the stage passes
 * the snapshot through (the ingress written in the manifests is served as before).
 * With {@link Announcements}, every apply also hands the result (and the folder's Nodes) to them,
 * so this node answers ARP / speaks BGP for what it allocated.
 * Thread-safe (synchronized; called from the folder's watcher thread).
 */
public final class LoadBalancerStage implements AutoCloseable {
    private final ConfigState config = new ConfigState();
    private final Allocator allocator = new Allocator();
    private final ProblemLog configProblems = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.Pools"), "pools");
    private final ProblemLog allocationProblems =
            new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.Allocation"), "allocation");
    private final Announcements announcements;
    private Map<ServiceName, Outcome> outcomes = Map.of();

    /** Allocation only (nothing announced). */
    public LoadBalancerStage() {
        this(null);
    }

    /** @param announcements given each result, or null */
    public LoadBalancerStage(Announcements announcements) {
        this.announcements = announcements;
    }

    /** Applies the configuration objects and allocates for the Services; returns the rewritten snapshot. */
    public ClusterState apply(ClusterState state, List<LbService> services, List<RawObject> objects) {
        return apply(state, services, objects, List.of());
    }

    /**
     * As {@link #apply(ClusterState, List, List)}, then announces the result; nodes are the folder's
     * Node manifests with their readiness (the L2 announcer is chosen among the Ready ones and this
     * node, which counts as Ready when the folder has no Node of its name).
     */
    public synchronized ClusterState apply(ClusterState state, List<LbService> services, List<RawObject> objects,
                                           List<NodeView> nodes) {
        ClusterState result = allocate(state, services, objects);
        if (announcements != null) {
            NodeInfo self = result.node() != null ? result.node() : new NodeInfo("", Map.of());
            announcements.update(config.current(), result, AnnouncementInputs.nodes(nodes, self), self.name());
        }
        return result;
    }

    private ClusterState allocate(ClusterState state, List<LbService> services, List<RawObject> objects) {
        config.update(objects);
        configProblems.report(config.problems().stream()
                .map(p -> p + " (the last good pool configuration keeps serving)").toList());
        Config current = config.current();
        if (current.pools().isEmpty()) {
            outcomes = Map.of();
            allocationProblems.report(List.of());
            return state;
        }
        outcomes = allocator.reconcile(current, services, Map.of());
        List<String> failed = new ArrayList<>();
        Map<ServiceName, ServiceInfo> rewritten = new HashMap<>(state.services());
        outcomes.forEach((name, outcome) -> {
            ServiceInfo svc = rewritten.get(name);
            switch (outcome) {
                case Outcome.Assigned a -> {
                    if (svc != null) {
                        rewritten.put(name, withIps(svc, a));
                    }
                }
                case Outcome.Failed f -> {
                    failed.add(f.reason() + ": " + f.message());
                    if (svc != null) {
                        rewritten.put(name, withIps(svc, null));
                    }
                }
            }
        });
        allocationProblems.report(failed);
        return new ClusterState(rewritten, state.slices(), state.node());
    }

    private static ServiceInfo withIps(ServiceInfo s, Outcome.Assigned a) {
        return new ServiceInfo(s.name(), s.type(), s.clusterIPs(), s.externalIPs(), a == null ? List.of() : a.ips(),
                s.ports(), s.affinityTimeout(), s.externalTrafficPolicy(), s.internalTrafficPolicy(),
                s.trafficDistribution(), s.healthCheckNodePort(), s.loadBalancerSourceRanges(), s.annotations(),
                s.loadBalancerClass());
    }

    /** The allocator's last decision per LoadBalancer Service (for {@code strait status}). */
    public synchronized Map<ServiceName, Outcome> outcomes() {
        return outcomes;
    }

    /** Problems of the newest pool configuration and failed allocations, as logged. */
    public List<String> problems() {
        List<String> all = new ArrayList<>(configProblems.current());
        all.addAll(allocationProblems.current());
        if (announcements != null) {
            all.addAll(announcements.problems());
        }
        return all;
    }

    public boolean configStale() {
        return config.stale();
    }

    public Config config() {
        return config.current();
    }

    public synchronized Map<String, Integer> addressesInUse() {
        return allocator.addressesInUse();
    }

    /** Stops announcing (closes ARP responders and BGP sessions). */
    @Override
    public void close() {
        if (announcements != null) {
            announcements.close();
        }
    }
}

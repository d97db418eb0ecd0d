package io.strait.allocator.standalone;

import io.strait.allocator.config.Config;
import io.strait.allocator.config.ConfigState;
import io.strait.allocator.config.RawObject;
import io.strait.allocator.ipam.Allocator;
import io.strait.allocator.ipam.LbService;
import io.strait.allocator.ipam.Outcome;
import io.strait.allocator.l2.AnnouncerChoice.NodeView;
import io.strait.allocator.speaker.AnnouncementInputs;
import io.strait.allocator.speaker.Announcements;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.NodeInfo;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.problem.Problem;
import io.strait.proxy.problem.ProblemLog;
import io.strait.proxy.sync.DesiredState;
import io.strait.proxy.sync.SnapshotSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode's allocation, a decorator around the manifest folder (an {@link AllocationSource}):
 * each snapshot it hands on has every LoadBalancer Service's {@code loadBalancerIPs} rewritten with
 * what the allocator assigned from the folder's IPAddressPools. Nothing is persisted: allocation is
 * a pure function of the folder's contents (Services sorted by namespace/name, lowest free address
 * first, addresses in {@code status.loadBalancer.ingress} kept), so a restart on the same folder
 * gives the same IPs, and a running process never moves an address. With no IPAddressPool at all
 * the snapshot passes through (the ingress written in the manifests is served as before).
 * With {@link Announcements}, {@link #announce} is the sync's LoadBalancer sink: this node answers
 * ARP / speaks BGP for what was allocated, among the folder's Nodes. Its problems (and the pool
 * configuration's) are reported as the source's: they change with the folder and the retries, not
 * with each sync. Thread-safe (synchronized; called on the sync thread).
 */
public final class LoadBalancerStage implements SnapshotSource, AutoCloseable {
    private final AllocationSource folder;
    private final ConfigState config = new ConfigState();
    private final Allocator allocator = new Allocator();
    private final ProblemLog configProblems = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.Pools"), "pools");
    private final ProblemLog allocationProblems =
            new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.Allocation"), "allocation");
    private final Announcements announcements;
    private Map<ServiceName, Outcome> outcomes = Map.of();
    private AllocationSource.Contents in;
    private ClusterState out;

    /**
     * @param folder        the source decorated
     * @param announcements given each result by {@link #announce}, or null
     */
    public LoadBalancerStage(AllocationSource folder, Announcements announcements) {
        this.folder = folder;
        this.announcements = announcements;
    }

    @Override
    public void start(Runnable changed) {
        folder.start(changed);
    }

    /** The folder's newest snapshot with the LoadBalancer IPs allocated (recomputed when the folder changed). */
    @Override
    public synchronized ClusterState snapshot() {
        AllocationSource.Contents now = folder.contents();
        if (now == null) {
            return null;
        }
        if (now != in) {
            in = now;
            out = allocate(now.state(), now.loadBalancers().services(), now.loadBalancers().config());
        }
        return out;
    }

    /** True when state is what this stage made of contents (the folder's newest is being served). */
    public synchronized boolean served(AllocationSource.Contents contents, ClusterState state) {
        return contents != null && contents == in && state == out;
    }

    /** The announcements fed by {@link #announce}, or null. */
    public Announcements announcements() {
        return announcements;
    }

    /** The sync applied snapshot: when it is what this stage made of the folder's newest, the folder hears so. */
    @Override
    public void applied(ClusterState snapshot, Instant done) {
        AllocationSource.Contents made;
        synchronized (this) {
            made = snapshot == out ? in : null;
        }
        if (made != null) {
            folder.applied(made.state(), done);
        }
    }

    @Override
    public String sourceOf(String object) {
        return folder.sourceOf(object);
    }

    /**
     * The LoadBalancer sink: announces what desired asks of this node; the nodes are the folder's
     * Node manifests with their readiness (the L2 announcer is chosen among the Ready ones and this
     * node, which counts as Ready when the folder has no Node of its name). Problems: see the class.
     */
    public synchronized List<Problem> announce(DesiredState desired) {
        if (announcements != null) {
            ClusterState state = desired.state();
            NodeInfo self = state.node() != null ? state.node() : new NodeInfo("", Map.of());
            List<NodeView> nodes = in == null ? List.of() : in.loadBalancers().nodes();
            announcements.update(config.current(), state, AnnouncementInputs.nodes(nodes, self), self.name());
        }
        return List.of();
    }

    private ClusterState allocate(ClusterState state, List<LbService> services, List<RawObject> objects) {
        config.update(objects);
        configProblems.reportMessages(config.problems().stream()
                .map(p -> p + " (the last good pool configuration keeps serving)").toList());
        Config current = config.current();
        if (current.pools().isEmpty()) {
            outcomes = Map.of();
            allocationProblems.reportMessages(List.of());
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
        allocationProblems.reportMessages(failed);
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

    /** The folder's problems and the LoadBalancer side's, as logged. */
    @Override
    public List<Problem> currentProblems() {
        List<Problem> all = new ArrayList<>(folder.currentProblems());
        all.addAll(loadBalancerProblems());
        return all;
    }

    /** Problems of the newest pool configuration, failed allocations and announcing, as logged. */
    public List<String> problems() {
        return loadBalancerProblems().stream().map(Problem::toString).toList();
    }

    private List<Problem> loadBalancerProblems() {
        List<Problem> all = new ArrayList<>(configProblems.problems());
        all.addAll(allocationProblems.problems());
        if (announcements != null) {
            all.addAll(Problem.all(announcements.problems()));
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

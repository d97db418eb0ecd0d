package io.strait.allocator.speaker;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.strait.allocator.config.ConfigState;
import io.strait.allocator.k8s.Adapters;
import io.strait.allocator.k8s.Informers;
import io.strait.allocator.k8s.MetalLbKinds;
import io.strait.allocator.l2.AnnouncerChoice.NodeView;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.problem.Problem;
import io.strait.proxy.problem.ProblemLog;
import io.strait.proxy.sync.BoundedFrequencyRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes mode's announcing, on every node whether or not it leads the allocation (MetalLB's
 * speaker to the allocator's controller). Its own informers watch every Node (readiness and
 * labels, for the announcer choice and nodeSelectors) and the metallb.io pools, advertisements and
 * peers, parsed on each change into a {@link ConfigState} (an invalid set never replaces the last
 * good one; its problems are logged once, naming object and field). The Services' LoadBalancer IPs
 * (their {@code status.loadBalancer.ingress}, whoever wrote it and whenever) and the
 * EndpointSlices come from the proxy's own snapshots, handed over by {@link #onState} after each
 * sync, so nothing is watched twice. Handlers only trigger; one control thread hands the whole
 * state to {@link Announcements}, and only once every informer has listed and a snapshot arrived.
 * A Node whose {@code Ready} condition is not True cannot be chosen, nor one whose announcer is
 * not running ({@link SpeakerLeases}: no Lease renewed lately — it never started, announcing is
 * off there, it crashed, or it stopped and deleted its Lease); if this node's own Node is not
 * found (a wrong {@code --hostname-override}), it announces nothing and says so.
 * Thread-safe: handlers and {@link #onState} may run on any thread; decisions run on the control thread.
 */
public final class LoadBalancerAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadBalancerAnnouncer.class);
    /** A failed decision is retried after this long. */
    static final Duration RETRY = Duration.ofSeconds(1);
    /** The whole state is re-announced at least this often (informer resyncs are off). */
    static final Duration RESYNC = Duration.ofMinutes(5);

    private final String nodeName;
    private final Announcements announcements;
    private final Informers informers = new Informers();
    private final SpeakerLeases leases;
    private final SharedIndexInformer<Node> nodes;
    private final List<SharedIndexInformer<GenericKubernetesResource>> metallb = new ArrayList<>();
    private final ConfigState config = new ConfigState();
    private final ProblemLog configProblems = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.Pools"), "pools");
    private final ProblemLog nodeProblems = new ProblemLog(log, "announcements");
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("strait-announcer").factory());
    private final BoundedFrequencyRunner runner;
    private final boolean ignoreExcludeLb;
    private volatile ClusterState state;
    private volatile boolean closed;

    private LoadBalancerAnnouncer(KubernetesClient client, String nodeName, String leaseNamespace,
                                  SpeakerLeases.Timings timings, InstantSource clock, boolean ignoreExcludeLb,
                                  Announcements announcements) {
        this.nodeName = nodeName;
        this.ignoreExcludeLb = ignoreExcludeLb;
        this.announcements = announcements;
        this.runner = new BoundedFrequencyRunner("announcing LoadBalancer IPs", this::reconcile, Duration.ZERO,
                RESYNC, RETRY, control, System::nanoTime);
        this.leases = new SpeakerLeases(client, leaseNamespace, nodeName, timings, clock, this::trigger);
        informers.add("speaker Leases", leases.informer, new ResourceEventHandler<>() {
            @Override
            public void onAdd(Lease obj) { // SpeakerLeases records them and says when the alive set changes
            }

            @Override
            public void onUpdate(Lease oldObj, Lease newObj) {
            }

            @Override
            public void onDelete(Lease obj, boolean finalStateUnknown) {
            }
        });
        this.nodes = client.nodes().runnableInformer(0);
        informers.add("Nodes", nodes, new Trigger<>() {
            @Override
            boolean matters(Node before, Node after) { // kubelets update status often: only readiness and labels count
                return !AnnouncementInputs.node(before, false, ignoreExcludeLb)
                        .equals(AnnouncementInputs.node(after, false, ignoreExcludeLb));
            }
        });
        for (ResourceDefinitionContext kind : MetalLbKinds.ALL) {
            SharedIndexInformer<GenericKubernetesResource> informer =
                    client.genericKubernetesResources(kind).inAnyNamespace().runnableInformer(0);
            metallb.add(informer);
            informers.add(kind.getKind() + "s", informer, new Trigger<>());
        }
    }

    /**
     * Starts watching Nodes, the speaker Leases (in leaseNamespace) and the metallb.io objects, and
     * renewing this node's Lease; announcements start once they have listed and the first snapshot
     * came through {@link #onState}. Closing the result closes announcements.
     */
    public static LoadBalancerAnnouncer start(KubernetesClient client, String nodeName, String leaseNamespace,
                                              boolean ignoreExcludeLb, Announcements announcements) {
        return start(client, nodeName, leaseNamespace, SpeakerLeases.Timings.DEFAULT, Clock.systemUTC(),
                ignoreExcludeLb, announcements);
    }

    /** As above with the Lease timings and the clock that judges Lease expiry. */
    public static LoadBalancerAnnouncer start(KubernetesClient client, String nodeName, String leaseNamespace,
                                       SpeakerLeases.Timings timings, InstantSource clock, boolean ignoreExcludeLb,
                                       Announcements announcements) {
        LoadBalancerAnnouncer announcer = new LoadBalancerAnnouncer(client, nodeName, leaseNamespace, timings, clock,
                ignoreExcludeLb, announcements);
        announcer.leases.start();
        announcer.informers.start().thenRun(() -> {
            log.info("initial lists of Nodes and metallb.io objects received: announcing LoadBalancer IPs as node {}",
                    nodeName);
            announcer.trigger();
        });
        return announcer;
    }

    /** A new snapshot of Services (with their LoadBalancer IPs) and EndpointSlices, after a sync. */
    public void onState(ClusterState snapshot) {
        if (snapshot != null && snapshot != state) {
            state = snapshot;
            trigger();
        }
    }

    /** Waits for the initial lists of Nodes and metallb.io objects; false on timeout (they keep trying). */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return informers.awaitSynced(timeout);
    }

    /** The configuration announced with (the last good one) and whether the newest was rejected. */
    public ConfigState config() {
        return config;
    }

    public Announcements announcements() {
        return announcements;
    }

    /** Problems of the newest configuration, this node, and the speakers, as logged. */
    public List<String> problems() {
        List<String> all = new ArrayList<>(configProblems.current());
        all.addAll(nodeProblems.current());
        all.addAll(leases.problems());
        all.addAll(announcements.problems());
        return all;
    }

    private void trigger() {
        if (!closed) {
            runner.run();
        }
    }

    /** One decision on the whole state; a failure is retried by the runner. Control thread. */
    private void reconcile() {
        ClusterState snapshot = state;
        if (closed || snapshot == null || !informers.synced()) {
            return;
        }
        config.update(metallb.stream().flatMap(i -> i.getStore().list().stream()).map(Adapters::raw).toList());
        configProblems.reportMessages(config.problems().stream()
                .map(p -> p + " (the last good pool configuration keeps being announced)").toList());
        Set<String> alive = leases.alive();
        List<NodeView> views = nodes.getStore().list().stream()
                .map(n -> AnnouncementInputs.node(n, false, ignoreExcludeLb))
                .map(n -> alive.contains(n.name()) ? n : new NodeView(n.name(), false, n.labels()))
                .sorted(Comparator.comparing(NodeView::name)).toList();
        Node selfNode = nodes.getStore().list().stream().filter(n -> nodeName.equals(n.getMetadata().getName()))
                .findFirst().orElse(null);
        nodeProblems.report(selfNode == null ? List.of(Problem.of("Node " + nodeName, null,
                "not found (check --hostname-override / NODE_NAME); this node announces no LoadBalancer IP"))
                : !ignoreExcludeLb && AnnouncementInputs.excluded(selfNode) ? List.of(Problem.of("Node " + nodeName,
                null, "labelled " + AnnouncementInputs.EXCLUDE_LABEL + ", so this node announces no LoadBalancer IP"
                + " (--ignore-exclude-lb announces all the same)")) : List.of());
        announcements.update(config.current(), snapshot, views, nodeName);
    }

    /** Stops watching and announcing: ARP responders close, BGP sessions close (peers withdraw). Idempotent. */
    @Override
    public void close() {
        closed = true;
        runner.stop();
        leases.close(); // first: the other nodes take this node's addresses over at once
        informers.close();
        control.shutdownNow();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        announcements.close();
    }

    /** Triggers a reconcile on every add and delete, and on the updates that matter. */
    private class Trigger<T> implements ResourceEventHandler<T> {
        boolean matters(T before, T after) {
            return !Objects.equals(before, after);
        }

        @Override
        public void onAdd(T obj) {
            trigger();
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            if (matters(oldObj, newObj)) {
                trigger();
            }
        }

        @Override
        public void onDelete(T obj, boolean finalStateUnknown) {
            trigger();
        }
    }
}

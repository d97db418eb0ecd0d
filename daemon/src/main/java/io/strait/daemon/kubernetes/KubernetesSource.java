package io.strait.daemon.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.strait.allocator.k8s.Informers;
import io.strait.proxy.health.ProxyHealth;
import io.strait.proxy.k8s.ServiceTranslator;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.NodeInfo;
import io.strait.proxy.problem.Problem;
import io.strait.proxy.problem.ProblemLog;
import io.strait.proxy.sync.SnapshotSource;
import io.strait.proxy.tracker.EndpointsChangeTracker;
import io.strait.proxy.tracker.ServiceChangeTracker;
import io.strait.proxy.tracker.TrackedState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes mode's {@link SnapshotSource}. Informer handlers only record changes into the Service
 * and endpoints change trackers (and this node's labels and deletion into the health state) and
 * say that something changed; the sync pulls a {@link ClusterState} from the trackers. Nothing is published until every
 * informer has listed once. Invalid objects are logged once, naming object and field, and keep
 * their last good definition. Thread-safe: handlers may run on any informer thread; the snapshot
 * and sync callbacks run on the sync thread.
 */
public final class KubernetesSource implements SnapshotSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KubernetesSource.class);
    /** The value of {@code service.kubernetes.io/service-proxy-name} that hands a Service to Strait. */
    public static final String PROXY_NAME = "strait";
    static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

    private final ServiceChangeTracker services = new ServiceChangeTracker(new ServiceTranslator(PROXY_NAME, false));
    private final EndpointsChangeTracker endpoints = new EndpointsChangeTracker();
    private final Informers informers = new Informers();
    private final ProblemLog problems = new ProblemLog(log, "Kubernetes objects");
    private final String nodeName;
    private final KubernetesClient client;
    private volatile Runnable changed = () -> { };
    private final ProxyHealth health;
    private volatile NodeInfo node;
    private volatile Consumer<Duration> programmingLatency = d -> {};
    private Set<String> ignored = Set.of(); // sync thread only
    private List<Instant> applying = List.of(); // sync thread only

    /** A source watching through client as node nodeName (started by the sync loop). */
    public KubernetesSource(KubernetesClient client, String nodeName, ProxyHealth health) {
        this.client = client;
        this.nodeName = nodeName;
        this.health = health;
        this.node = new NodeInfo(nodeName, Map.of());
    }

    /** Starts watching; snapshots are complete once every informer has listed. */
    @Override
    public void start(Runnable onChange) {
        this.changed = onChange;
        informers
                .add("Services", client.services().inAnyNamespace().withoutLabel(HEADLESS_LABEL).runnableInformer(0),
                        handler(services::update, services::delete))
                // Headless Services' slices too: cluster DNS answers with their endpoints (the Planner skips them).
                .add("EndpointSlices", client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0),
                        handler(endpoints::update, endpoints::delete))
                .add("Node " + nodeName, client.nodes().withName(nodeName).runnableInformer(0),
                        handler(n -> onNode(n, false), n -> onNode(n, true)));
        informers.start().thenRun(() -> {
            log.info("initial lists of Services, EndpointSlices and Node {} received", nodeName);
            onChange.run();
        });
    }

    /** Waits for the initial lists; false on timeout (the informers keep trying). */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return informers.awaitSynced(timeout);
    }

    /** Every informer is running and has listed once. */
    public boolean ready() {
        return informers.ready();
    }

    /** Receives the time from each applied slice's last-change-trigger-time to the end of its sync. */
    public void onProgrammingLatency(Consumer<Duration> consumer) {
        this.programmingLatency = consumer;
    }

    /** Service events seen so far. */
    public long serviceChanges() {
        return services.changes();
    }

    /** EndpointSlice events seen so far. */
    public long endpointChanges() {
        return endpoints.changes();
    }

    public int servicesPending() {
        return services.pending();
    }

    public int endpointsPending() {
        return endpoints.pending();
    }

    /** Invalid objects of the last sync, as logged. */
    public List<String> problems() {
        return problems.current();
    }

    @Override
    public List<Problem> currentProblems() {
        return problems.problems();
    }

    private <T> ResourceEventHandler<T> handler(Consumer<T> update, Consumer<T> delete) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                record(update, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                record(update, newObj);
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                record(delete, obj);
            }
        };
    }

    private <T> void record(Consumer<T> change, T obj) {
        try {
            change.accept(obj);
        } catch (RuntimeException e) {
            log.warn("cannot record a change of {}: {}", obj.getClass().getSimpleName(), e.getMessage());
            return;
        }
        if (informers.synced()) {
            changed.run(); // during the initial list, one sync follows the whole list instead
        }
    }

    private void onNode(Node n, boolean deleted) {
        boolean deleting = deleted || n.getMetadata().getDeletionTimestamp() != null;
        health.nodeDeleting(deleting);
        Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
        NodeInfo info = new NodeInfo(nodeName, labels);
        if (!info.equals(node)) {
            node = info;
            log.info("node {}: zone {}{}", nodeName, info.zone(), deleting ? " (being deleted)" : "");
        }
    }

    @Override
    public ClusterState snapshot() {
        if (!informers.synced()) {
            return null;
        }
        TrackedState t = TrackedState.apply(services, endpoints, node);
        problems.reportMessages(t.problems());
        Set<String> nowIgnored = new HashSet<>(t.ignored());
        nowIgnored.stream().filter(i -> !ignored.contains(i)).forEach(i -> log.debug("{}", i));
        ignored = nowIgnored;
        applying = t.triggerTimes();
        return t.state();
    }

    /** Records the programming latency of the slices the snapshot applied. */
    @Override
    public void applied(ClusterState snapshot, Instant end) {
        if (applying.isEmpty()) {
            return;
        }
        Consumer<Duration> sink = programmingLatency;
        applying.forEach(t -> sink.accept(Duration.between(t, end)));
        applying = List.of();
    }

    @Override
    public void close() {
        informers.close();
    }
}

package io.strait.daemon.standalone;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.strait.allocator.config.RawObject;
import io.strait.allocator.ipam.LbService;
import io.strait.allocator.k8s.Adapters;
import io.strait.allocator.l2.AnnouncerChoice.NodeView;
import io.strait.allocator.speaker.AnnouncementInputs;
import io.strait.allocator.standalone.AllocationSource;
import io.strait.proxy.k8s.InvalidObjectException;
import io.strait.proxy.k8s.ServiceTranslator;
import io.strait.proxy.k8s.SliceTranslator;
import io.strait.proxy.k8s.Translation;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.NodeInfo;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.SliceInfo;
import io.strait.proxy.problem.Problem;
import io.strait.proxy.problem.ProblemLog;
import io.strait.proxy.tracker.LastGood;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode's source: a folder of Kubernetes manifests, read into {@link ClusterState}
 * snapshots. Bad input never takes down good input: a document that does not parse, an invalid
 * object or a duplicate is reported (file, object, field) and the rest applies; an object that
 * was valid before keeps its last good definition until it is fixed or removed.
 * Besides the proxy's snapshot it keeps what LoadBalancer allocation needs ({@link
 * LoadBalancerInputs}: the Services as the allocator sees them, the metallb.io objects, the
 * Nodes); the allocation decorator ({@code LoadBalancerStage}) reads them.
 * {@link #load()} and {@link #changed()} are called from one thread at a time (the watcher).
 */
public final class ManifestFolder implements AllocationSource {
    private static final Logger log = LoggerFactory.getLogger(ManifestFolder.class);

    private record Good(String file, String source, Object value) {}

    /** A Service as the proxy sees it and as the allocator sees it. */
    private record TranslatedService(ServiceInfo info, LbService request) {}


    private final Path dir;
    private final String nodeName;
    private final ServiceTranslator services;
    private final SliceTranslator slices = new SliceTranslator();
    private volatile Consumer<ClusterState> sink;
    private final ManifestFiles files;
    private final ProblemLog problems = new ProblemLog(log, "manifests");
    private final ProblemLog notes = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.standalone.Ignored"), "manifests");
    private final Map<String, String> objectSources = new ConcurrentHashMap<>();
    private final ManifestChanges changes = new ManifestChanges();
    private volatile Consumer<Duration> programmingLatency = d -> { };
    private Map<String, Good> lastGood = Map.of();
    private Contents published;

    /** A source: {@link #start} says where changes go. */
    public ManifestFolder(Path dir, String nodeName, String proxyName) {
        this(dir, nodeName, proxyName, s -> { });
    }

    /** @param sink gets every snapshot that differs from the one before */
    public ManifestFolder(Path dir, String nodeName, String proxyName, Consumer<ClusterState> sink) {
        this.dir = dir;
        this.nodeName = nodeName;
        this.services = new ServiceTranslator(proxyName, true);
        this.sink = sink;
        this.files = new ManifestFiles(dir);
    }

    @Override
    public void start(Runnable changed) {
        Consumer<ClusterState> before = sink;
        sink = s -> {
            before.accept(s);
            changed.run();
        };
    }

    @Override
    public ClusterState snapshot() {
        return published();
    }

    /** Loads the folder now, then re-loads it whenever a file changes (polled every interval). */
    public java.util.concurrent.ScheduledFuture<?> watch(java.util.concurrent.ScheduledExecutorService executor,
                                                         java.time.Duration interval) {
        load();
        return executor.scheduleWithFixedDelay(() -> {
            try {
                if (changed()) {
                    load();
                }
            } catch (RuntimeException e) {
                log.error("reading {} failed; the last good state keeps serving", dir, e);
            }
        }, interval.toMillis(), interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public Path dir() {
        return dir;
    }

    /** True when some manifest file changed since the last load. */
    public boolean changed() {
        return files.changed();
    }

    /** Reads the folder, reports problems, and publishes the snapshot if it differs from the last. */
    public synchronized ClusterState load() {
        List<Problem> found = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<String, Good> good = new LinkedHashMap<>();
        Map<String, String> firstSource = new HashMap<>();
        List<String> brokenFiles = new ArrayList<>();
        for (ManifestFiles.Entry entry : files.read()) {
            if (!entry.contents().errors().isEmpty()) {
                found.addAll(Problem.all(entry.contents().errors()));
                brokenFiles.add(entry.name());
            }
            for (ManifestObject mo : entry.contents().objects()) {
                String ref = mo.ref();
                String first = firstSource.putIfAbsent(ref, mo.source());
                if (first != null) {
                    found.add(new Problem(mo.source(), null, null, ref + " duplicates the one in " + first + "; the first is used"));
                    continue;
                }
                try {
                    Object value = translate(mo.object(), mo.source(), ignored);
                    if (value != null) {
                        good.put(ref, new Good(entry.name(), mo.source(), value));
                    }
                } catch (InvalidObjectException e) {
                    Good before = lastGood.get(ref);
                    String keep = LastGood.outcome(before != null);
                    found.add(new Problem(mo.source(), e.object(), e.field(), e.problem() + keep));
                    if (before != null) {
                        good.put(ref, before);
                    }
                }
            }
        }
        // Objects of a file that failed to parse keep their last good definitions.
        for (Map.Entry<String, Good> e : lastGood.entrySet()) {
            if (brokenFiles.contains(e.getValue().file()) && !good.containsKey(e.getKey())
                    && !firstSource.containsKey(e.getKey())) {
                good.put(e.getKey(), e.getValue());
            }
        }
        int changedServices = changed(lastGood, good, TranslatedService.class);
        int changedSlices = changed(lastGood, good, SliceInfo.class);
        lastGood = good;
        problems.report(found);
        notes.reportMessages(ignored);
        Contents contents = contents(good);
        if (!contents.equals(published)) {
            published = contents;
            changes.published(contents.state(), changedServices, changedSlices, files.newestChange());
            sink.accept(contents.state());
        }
        return contents.state();
    }

    /** Objects of this kind added, removed or changed from one read to the next. */
    private static int changed(Map<String, Good> before, Map<String, Good> after, Class<?> kind) {
        java.util.Set<String> refs = new java.util.HashSet<>(before.keySet());
        refs.addAll(after.keySet());
        int n = 0;
        for (String ref : refs) {
            Good b = before.get(ref);
            Good a = after.get(ref);
            boolean ofKind = kind.isInstance(b == null ? null : b.value()) || kind.isInstance(a == null ? null : a.value());
            if (ofKind && !java.util.Objects.equals(b == null ? null : b.value(), a == null ? null : a.value())) {
                n++;
            }
        }
        return n;
    }

    /** Service and EndpointSlice changes between reads (standalone's kube-proxy change metrics). */
    ManifestChanges changes() {
        return changes;
    }

    /** Receives the time from each applied change's file modification to the end of its sync. */
    public void onProgrammingLatency(Consumer<Duration> consumer) {
        this.programmingLatency = consumer;
    }

    /** The sync applied state: the changes it holds are done (pending counts, programming latency). */
    @Override
    public void applied(ClusterState state, Instant done) {
        changes.applied(state, done, programmingLatency);
    }

    /** The snapshot last published, or null before the first load. */
    public synchronized ClusterState published() {
        return published == null ? null : published.state();
    }

    /** The snapshot and the allocation inputs last published, or null before the first load. */
    @Override
    public synchronized Contents contents() {
        return published;
    }

    /** The problems of the last load, as logged. */
    public List<String> problems() {
        return problems.current();
    }

    @Override
    public List<Problem> currentProblems() {
        return problems.problems();
    }

    /** Where an object (e.g. {@code Service default/web}) was defined ("file (document n)"), for messages about it. */
    @Override
    public String sourceOf(String object) {
        return objectSources.get(object);
    }

    private Object translate(HasMetadata object, String source, List<String> ignored) {
        String apiVersion = object.getApiVersion();
        return switch (object) {
            case Service s when "v1".equals(apiVersion) -> {
                Object info = accepted(services.translate(s), source, object, ignored);
                yield info == null ? null : new TranslatedService((ServiceInfo) info, Adapters.service(s));
            }
            case GenericKubernetesResource g when RawObject.isMetalLb(apiVersion) ->
                    Adapters.raw(g);
            case EndpointSlice s when "discovery.k8s.io/v1".equals(apiVersion) ->
                    accepted(slices.translate(s), source, object, ignored);
            case Node n when "v1".equals(apiVersion) -> AnnouncementInputs.node(n, true);
            default -> {
                ignored.add(source + ": " + object.getKind() + " (" + apiVersion + ") "
                        + object.getMetadata().getName() + " is not used by standalone mode; ignored");
                yield null;
            }
        };
    }

    private static Object accepted(Translation<?> t, String source, HasMetadata object, List<String> ignored) {
        return switch (t) {
            case Translation.Accepted<?> a -> a.value();
            case Translation.Ignored<?> i -> {
                ignored.add(source + ": " + object.getKind() + " " + object.getMetadata().getName() + " ignored: " + i.reason());
                yield null;
            }
        };
    }

    private Contents contents(Map<String, Good> good) {
        Map<ServiceName, ServiceInfo> svcs = new HashMap<>();
        Map<ServiceName, List<SliceInfo>> sl = new HashMap<>();
        NodeInfo node = new NodeInfo(nodeName, Map.of());
        List<LbService> requests = new ArrayList<>();
        List<RawObject> lbConfig = new ArrayList<>();
        List<NodeView> nodes = new ArrayList<>();
        objectSources.clear();
        good.forEach((ref, g) -> objectSources.put(ref, g.source()));
        for (Good g : good.values()) {
            switch (g.value()) {
                case TranslatedService t -> {
                    svcs.put(t.info().name(), t.info());
                    requests.add(t.request());
                }
                case RawObject r -> lbConfig.add(r);
                case SliceInfo s -> sl.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(s);
                case NodeView n -> {
                    nodes.add(n); // every Node: the L2 announcer is chosen among the Ready ones
                    if (n.name().equals(nodeName)) {
                        node = new NodeInfo(n.name(), n.labels());
                    }
                }
                default -> throw new IllegalStateException("unexpected " + g.value());
            }
        }
        sl.values().forEach(list -> list.sort((a, b) -> a.name().compareTo(b.name())));
        return new Contents(new ClusterState(svcs, sl, node), new LoadBalancerInputs(requests, lbConfig, nodes));
    }
}

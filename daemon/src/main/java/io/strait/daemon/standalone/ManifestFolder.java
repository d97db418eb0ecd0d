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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * AllocationSource.LoadBalancerInputs}: the Services as the allocator sees them, the metallb.io
 * objects, the Nodes); the allocation decorator ({@code LoadBalancerStage}) reads them.
 * {@link #load()} and {@link #changed()} are called from one thread at a time (the watcher).
 */
public final class ManifestFolder implements AllocationSource {
    private static final Logger log = LoggerFactory.getLogger(ManifestFolder.class);

    private record Good(String file, String source, Object value) {}

    private record Candidate(String file, ManifestObject object) {}

    /** Ticks a changing folder may wait to hold still before it is read anyway. */
    private static final int MAX_UNSETTLED = 10;

    /** A Service as the proxy sees it and as the allocator sees it. */
    private record TranslatedService(ServiceInfo info, LbService request) {}

    private final Path dir;
    private final String nodeName;
    private final ServiceTranslator services;
    private final SliceTranslator slices = new SliceTranslator();
    private volatile Consumer<ClusterState> sink;
    private final ManifestFiles files;
    private final ProblemLog problems = new ProblemLog(log, "manifests");
    private final ProblemLog folderProblems = new ProblemLog(log, "manifest folder");
    private final ProblemLog watcherProblems = new ProblemLog(log, "manifest folder watcher");
    private final ProblemLog notes = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.standalone.Ignored"),
            "ignored objects", 10, false);
    private final Map<String, String> objectSources = new ConcurrentHashMap<>();
    private final ManifestChanges changes = new ManifestChanges();
    private volatile Consumer<Duration> programmingLatency = d -> { };
    private Map<String, Good> lastGood = Map.of();
    private Map<String, String> lastOwners = Map.of(); // ref -> the file whose definition is used
    private Contents published;
    private boolean retry; // the last load failed: load again on the next tick
    private FolderScan pending; // a changed scan waiting to hold still for one tick
    private int unsettled;
    private String lastFailure;

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

    /**
     * Loads the folder now, then re-loads it whenever a file changes (polled every interval) and
     * its stamps have held still for one interval (a file being written is read once written).
     * Nothing thrown stops the watcher: an error is logged, listed by {@link #problems()} (so by
     * {@code strait status} and {@code strait_config_problems}), and the load is retried.
     */
    public java.util.concurrent.ScheduledFuture<?> watch(java.util.concurrent.ScheduledExecutorService executor,
                                                         java.time.Duration interval) {
        guarded(this::load);
        return executor.scheduleWithFixedDelay(() -> guarded(this::tick), interval.toMillis(), interval.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void tick() {
        FolderScan scan;
        try {
            scan = FolderScan.of(dir);
        } catch (FolderScan.Failed e) {
            folderProblems.report(List.of(Problem.of(e.getMessage() + "; the last good state keeps serving")));
            retry = true;
            return;
        }
        if (retry) {
            load();
        } else if (!files.differs(scan)) {
            pending = null;
            unsettled = 0;
        } else if (scan.equals(pending) || ++unsettled >= MAX_UNSETTLED) {
            load();
        } else {
            pending = scan;
        }
    }

    private synchronized void guarded(ThrowingRunnable step) {
        try {
            step.run();
        } catch (Throwable t) { // StackOverflowError, OutOfMemoryError, a bug: report, retry next tick
            retry = true;
            String message = "the manifest folder watcher failed: " + t + "; retrying, the last good state keeps serving";
            if (!message.equals(lastFailure)) {
                log.error("{}", message, t);
            }
            lastFailure = message;
            watcherProblems.report(List.of(Problem.of(message)));
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    public Path dir() {
        return dir;
    }

    /** True when some manifest file changed since the last load. */
    public boolean changed() {
        try {
            return files.differs(FolderScan.of(dir));
        } catch (FolderScan.Failed e) {
            return true; // load() reports it
        }
    }

    /**
     * Reads the folder, reports problems, and publishes the snapshot if it differs from the last.
     * When the folder cannot be read completely, nothing changes: the problem is reported and the
     * last published snapshot returned.
     */
    public synchronized ClusterState load() {
        List<ManifestFiles.Entry> entries;
        try {
            entries = files.read();
        } catch (FolderScan.Failed e) {
            folderProblems.report(List.of(Problem.of(e.getMessage() + "; the last good state keeps serving")));
            retry = true;
            return published();
        }
        folderProblems.reportMessages(files.scanProblems());
        List<Problem> found = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<String, Good> good = new LinkedHashMap<>();
        Map<String, String> owners = new HashMap<>();
        Set<String> held = new HashSet<>();
        Map<String, List<Candidate>> byRef = new LinkedHashMap<>();
        for (ManifestFiles.Entry entry : entries) {
            found.addAll(Problem.all(entry.contents().errors()));
            if (entry.held()) {
                held.add(entry.name());
            }
            for (ManifestObject mo : entry.contents().objects()) {
                byRef.computeIfAbsent(mo.ref(), k -> new ArrayList<>()).add(new Candidate(entry.name(), mo));
            }
        }
        for (Map.Entry<String, List<Candidate>> e : byRef.entrySet()) {
            String ref = e.getKey();
            Candidate winner = winner(ref, e.getValue(), held);
            String winnerSource = winner != null ? winner.object().source() : lastGood.get(ref).source();
            for (Candidate c : e.getValue()) {
                if (c != winner) {
                    found.add(new Problem(c.object().source(), null, null, ref + " duplicates the one in "
                            + winnerSource + ", which is kept; this one is ignored"));
                }
            }
            if (winner == null) { // the owner's file is being rewritten or does not parse: it keeps the object
                good.put(ref, lastGood.get(ref));
                owners.put(ref, lastOwners.get(ref));
                continue;
            }
            owners.put(ref, winner.file());
            ManifestObject mo = winner.object();
            try {
                Object value = translate(mo.object(), mo.source(), ignored);
                if (value != null) {
                    good.put(ref, new Good(winner.file(), mo.source(), value));
                }
            } catch (InvalidObjectException ex) {
                Good before = lastGood.get(ref);
                String keep = LastGood.outcome(before != null);
                found.add(new Problem(mo.source(), ex.object(), ex.field(), ex.problem() + keep));
                if (before != null) {
                    good.put(ref, before);
                }
            }
        }
        // Objects of a file that failed to parse (or is being rewritten) keep their last good definitions.
        for (Map.Entry<String, Good> e : lastGood.entrySet()) {
            if (held.contains(e.getValue().file()) && !good.containsKey(e.getKey()) && !byRef.containsKey(e.getKey())) {
                good.put(e.getKey(), e.getValue());
                owners.put(e.getKey(), e.getValue().file());
            }
        }
        int changedServices = changed(lastGood, good, TranslatedService.class);
        int changedSlices = changed(lastGood, good, SliceInfo.class);
        lastGood = good;
        lastOwners = owners;
        problems.report(found);
        notes.reportMessages(ignored);
        Contents contents = contents(good);
        if (!contents.equals(published)) {
            changes.published(contents.state(), changedServices, changedSlices, files.newestChange());
            sink.accept(contents.state());
            published = contents; // after the sink: if it throws, the next load publishes again
        }
        retry = false;
        pending = null;
        unsettled = 0;
        lastFailure = null;
        watcherProblems.report(List.of());
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

    /**
     * Who defines ref: the file that defined it before, if it still does (whatever the file
     * order); null when that file is held (it keeps the object); else the first in file order.
     */
    private Candidate winner(String ref, List<Candidate> candidates, Set<String> held) {
        String owner = lastOwners.get(ref);
        if (owner != null) {
            for (Candidate c : candidates) {
                if (c.file().equals(owner)) {
                    return c;
                }
            }
            if (held.contains(owner) && lastGood.containsKey(ref)) {
                return null;
            }
        }
        return candidates.getFirst();
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

    /** The problems now: the folder's, the watcher's, and those of the last load, as logged. */
    public List<String> problems() {
        return currentProblems().stream().map(Problem::toString).toList();
    }

    @Override
    public List<Problem> currentProblems() {
        List<Problem> all = new ArrayList<>(folderProblems.problems());
        all.addAll(watcherProblems.problems());
        all.addAll(problems.problems());
        return all;
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

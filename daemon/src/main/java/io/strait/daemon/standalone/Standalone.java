package io.strait.daemon.standalone;

import io.strait.daemon.ProxyOptions;
import io.strait.daemon.ProxyRuntime;
import io.strait.daemon.announce.Announcements;
import io.strait.daemon.loadbalancer.AllocatorMetrics;
import io.strait.daemon.loadbalancer.LoadBalancerStage;
import io.strait.proxy.model.ServiceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Standalone mode running in this process: a manifest folder feeding a {@link ProxyRuntime}. */
public final class Standalone implements AutoCloseable {
    /** How often the folder is checked for changes. */
    public static final Duration POLL = Duration.ofMillis(200);
    private static final Pattern SERVICE_REF = Pattern.compile("^Service ([^/ ]+)/([^: ]+): ");

    private final ProxyRuntime runtime;
    private final ManifestFolder folder;
    private final ScheduledFuture<?> watch;

    private Standalone(ProxyRuntime runtime, ManifestFolder folder, ScheduledFuture<?> watch) {
        this.runtime = runtime;
        this.folder = folder;
        this.watch = watch;
    }

    /** Starts serving DIR: the folder is read before this returns; the sync thread applies it right after. */
    public static Standalone start(Path dir, ProxyOptions options) {
        ManifestFolder[] holder = new ManifestFolder[1];
        Announcements announcements = new Announcements();
        LoadBalancerStage loadBalancers = new LoadBalancerStage(announcements);
        ProxyRuntime runtime = new ProxyRuntime(options,
                () -> {
                    List<String> all = new ArrayList<>(holder[0] == null ? List.of() : holder[0].problems());
                    all.addAll(loadBalancers.problems());
                    return all;
                },
                problem -> withSource(problem, holder[0]));
        try {
            AllocatorMetrics.register(runtime.metrics().registry(), loadBalancers::config,
                    loadBalancers::addressesInUse, loadBalancers::configStale);
            announcements.register(runtime.metrics().registry());
            ManifestFolder folder = new ManifestFolder(dir, options.nodeName(), "strait", runtime.sync()::update,
                    loadBalancers);
            holder[0] = folder;
            ManifestChanges changes = folder.changes();
            var latency = runtime.metrics().programmingLatency();
            runtime.sync().addListener(r -> changes.onSync(r, latency));
            runtime.metrics().registerChanges(changes::pendingServices, changes::pendingEndpoints,
                    changes::services, changes::endpoints);
            ScheduledFuture<?> watch = folder.watch(runtime.control(), POLL);
            return new Standalone(runtime, folder, watch);
        } catch (RuntimeException e) {
            loadBalancers.close();
            runtime.close();
            throw e;
        }
    }

    private static String withSource(String problem, ManifestFolder folder) {
        Matcher m = SERVICE_REF.matcher(problem);
        if (folder != null && m.find()) {
            String source = folder.sourceOf(new ServiceName(m.group(1), m.group(2)));
            if (source != null) {
                return source + ": " + problem;
            }
        }
        return problem;
    }

    /** Waits until the dataplane serves the snapshot last read from the folder; false on timeout. */
    public boolean awaitApplied(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var last = runtime.sync().lastResult();
            if (last != null && last.state() == folder.published()) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public ManifestFolder folder() {
        return folder;
    }

    /** LoadBalancer allocation: outcomes per Service, pool problems (for {@code strait status}). */
    public LoadBalancerStage loadBalancers() {
        return folder.loadBalancers();
    }

    @Override
    public void close() {
        watch.cancel(false);
        folder.loadBalancers().close();
        runtime.close();
    }
}
